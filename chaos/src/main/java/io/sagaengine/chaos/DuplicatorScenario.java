package io.sagaengine.chaos;

/** Half the commands and replies are delivered a second time, some at once and some 2-5 s later. */
final class DuplicatorScenario implements Scenario {

    @Override
    public String name() {
        return "duplicator";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        RecordDuplicator duplicator = new RecordDuplicator(context.stack().bootstrapServers(), context.random(), 0.5);
        context.progress("re-publishing half of the records on the command and reply topics");
        try {
            context.holdUntilPlannedEnd();
        } finally {
            duplicator.close();
        }
        long copies = duplicator.immediateCopies() + duplicator.delayedCopies();
        context.injected((int) copies, "re-published %d records (%d at once, %d after 2-5 s)", copies,
                duplicator.immediateCopies(), duplicator.delayedCopies());
        context.healed("duplicator stopped");
    }
}
