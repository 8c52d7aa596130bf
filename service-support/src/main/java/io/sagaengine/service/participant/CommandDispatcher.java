package io.sagaengine.service.participant;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.MessageKind;
import io.sagaengine.contracts.Reply;
import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.IncomingMessage;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import java.util.Objects;

/**
 * Turns one record of a participant's command topic into its effect and its reply, exactly once per message id:
 * read and check the record (a record that can never be processed throws {@link PoisonMessageException}, which
 * sends it to the dead-letter topic), then in one transaction record the message id in the inbox, run the handler
 * and append the reply to the outbox. A duplicate delivery finds the message id already recorded and does nothing.
 * {@link CommandBatchListener} applies the records of one poll the same way, in one transaction with a savepoint
 * per record.
 */
public final class CommandDispatcher {

    /** What became of a record. */
    public enum Outcome {
        /** The handler ran and its reply was appended to the outbox. */
        PROCESSED,
        /** The message id was processed before; nothing was done. */
        DUPLICATE
    }

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final ParticipantDefinition participant;
    private final Inbox inbox;
    private final Outbox outbox;
    private final TransactionOperations transactions;
    private final ContractJson json;
    private final MessageCatalog catalog;
    private final MessageTracing tracing;

    public CommandDispatcher(ParticipantDefinition participant, Inbox inbox, Outbox outbox,
                             TransactionOperations transactions, ContractJson json) {
        this(participant, inbox, outbox, transactions, json, MessageTracing.off());
    }

    /**
     * @param tracing records a span per command handled ({@code handle ChargePayment}, {@code compensate
     *                RefundPayment}), continuing the command's {@code traceparent}; its reply carries the span's
     */
    public CommandDispatcher(ParticipantDefinition participant, Inbox inbox, Outbox outbox,
                             TransactionOperations transactions, ContractJson json, MessageTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.participant = Objects.requireNonNull(participant, "participant");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.json = Objects.requireNonNull(json, "json");
        this.catalog = json.catalog();
    }

    /**
     * Handles one record in a transaction of its own.
     *
     * @throws PoisonMessageException if the record can never be processed: bad headers, unknown type or schema
     *                                version, unreadable payload, a type that is not a command of this topic, no
     *                                saga id
     */
    public Outcome dispatch(ConsumerRecord<String, byte[]> record) {
        Prepared command = prepare(record);
        Outcome outcome = transactions.execute(status -> apply(command));
        logIfDuplicate(command, outcome);
        return outcome;
    }

    /**
     * A record read and checked, ready to be applied.
     *
     * @param compensation whether the command undoes a forward command
     */
    record Prepared(IncomingMessage message, Command command, String sagaId, CommandHandler<Command> handler,
                    boolean compensation) {
    }

    /**
     * Reads and checks a record; touches no database.
     *
     * @throws PoisonMessageException if the record can never be processed (see {@link #dispatch})
     */
    Prepared prepare(ConsumerRecord<String, byte[]> record) {
        IncomingMessage message = IncomingMessage.from(record);
        MessageDescriptor descriptor = catalog.byName(message.type()).orElse(null);
        Command command = decode(message, descriptor);
        String sagaId = sagaId(message);
        return new Prepared(message, command, sagaId, handlerFor(command),
                descriptor != null && descriptor.compensation());
    }

    /** Records the message id in the inbox, runs the handler and appends its reply, in the caller's transaction. */
    Outcome apply(Prepared prepared) {
        IncomingMessage message = prepared.message();
        try (MessageTracing.Handling span = span(prepared)) {
            try {
                if (!inbox.markProcessed(participant.consumerName(), message.messageId())) {
                    span.tag("saga.duplicate", true);
                    return Outcome.DUPLICATE;
                }
                Reply reply = prepared.handler().handle(prepared.command());
                outbox.append(replyMessage(reply, prepared.command(), message, prepared.sagaId(),
                        span.traceparentOr(message.traceparent())));
                if (tracing.enabled()) {
                    span.tag("saga.reply", reply.messageType());
                }
                return Outcome.PROCESSED;
            } catch (RuntimeException | Error e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** A span for handling the command, child of its {@code traceparent}; nothing at all when tracing is off. */
    private MessageTracing.Handling span(Prepared prepared) {
        if (!tracing.enabled()) {
            return MessageTracing.Handling.none();
        }
        IncomingMessage message = prepared.message();
        // identifiers only: a command's payload may hold payment data
        return tracing.start((prepared.compensation() ? "compensate " : "handle ") + message.type(),
                        message.traceparent(), true)
                .tag("saga.id", prepared.sagaId())
                .tag("saga.request_id", String.valueOf(prepared.command().requestId()))
                .tag("messaging.message.id", message.messageId().toString())
                .tag("messaging.destination.name", message.topic())
                .tag("saga.compensation", prepared.compensation());
    }

    /** To be called once the transaction that applied {@code prepared} committed. */
    void logIfDuplicate(Prepared prepared, Outcome outcome) {
        if (outcome == Outcome.DUPLICATE) {
            log.debug("Skipped duplicate {} message {} of saga {}", prepared.message().type(),
                    prepared.message().messageId(), prepared.sagaId());
        }
    }

    private Command decode(IncomingMessage message, MessageDescriptor descriptor) {
        if (descriptor != null && (descriptor.kind() != MessageKind.COMMAND
                || !descriptor.topic().equals(participant.commandTopic()))) {
            throw new PoisonMessageException(descriptor.name() + " is not a command of topic "
                    + participant.commandTopic());
        }
        try {
            return json.decode(message.type(), message.schemaVersion(), message.payload());
        } catch (UnreadableMessageException e) {
            throw new PoisonMessageException(e.reason(), e);
        }
    }

    private static String sagaId(IncomingMessage message) {
        String sagaId = message.sagaId() != null && !message.sagaId().isBlank() ? message.sagaId() : message.key();
        if (sagaId == null || sagaId.isBlank()) {
            throw new PoisonMessageException("missing saga id: no saga-id header and no record key");
        }
        return sagaId;
    }

    @SuppressWarnings("unchecked")
    private CommandHandler<Command> handlerFor(Command command) {
        return participant.handlerFor((Class<Command>) command.getClass()).orElseThrow(() ->
                new PoisonMessageException("no handler for " + command.messageType()));
    }

    private OutboxMessage replyMessage(Reply reply, Command command, IncomingMessage message, String sagaId,
                                       String traceparent) {
        if (reply == null) {
            throw new IllegalStateException("the handler of " + command.messageType() + " returned no reply");
        }
        MessageDescriptor descriptor = catalog.describe(reply);
        if (descriptor.kind() != MessageKind.REPLY || !descriptor.topic().equals(participant.replyTopic())) {
            throw new IllegalStateException(descriptor.name() + " is not a reply of topic " + participant.replyTopic());
        }
        if (!Objects.equals(reply.requestId(), command.requestId())) {
            throw new IllegalStateException("the reply to " + command.messageType() + " must echo its requestId");
        }
        return OutboxMessage.to(participant.replyTopic())
                .saga(sagaId)
                .type(descriptor.name(), descriptor.schemaVersion())
                .causationId(message.messageId())
                .traceparent(traceparent)
                .payload(json.encode(reply))
                .build();
    }
}
