package io.sagaengine.service.participant;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.Reply;

/**
 * A participant's business logic for one command type. It runs inside the transaction that also records the
 * command's message id in the inbox and appends the returned reply to the outbox, so its database writes, the
 * dedup record and the reply commit together or not at all.
 *
 * <p>The inbox only catches the same message delivered twice; a command re-sent with a new message id but the same
 * requestId reaches the handler again, which must then answer from the recorded outcome instead of repeating the
 * effect.
 */
@FunctionalInterface
public interface CommandHandler<C extends Command> {

    /** @return the reply to send, echoing the command's requestId; never null */
    Reply handle(C command);
}
