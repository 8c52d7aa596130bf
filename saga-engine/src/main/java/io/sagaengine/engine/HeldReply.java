package io.sagaengine.engine;

import java.time.Instant;

/**
 * A reply kept for a build that defines its saga's type, as it came off its topic.
 *
 * @param sagaType the type of its saga when it was held
 */
record HeldReply(ReplyEnvelope reply, String sagaType, Instant heldAt) {
}
