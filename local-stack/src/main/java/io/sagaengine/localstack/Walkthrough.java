package io.sagaengine.localstack;

/** What the local stack prints once it is ready: the URLs, the dev users and commands to paste. */
final class Walkthrough {

    static final String SUPPORT_USER = "support:support-dev-password";
    static final String OPERATOR_USER = "operator:operator-dev-password";

    private Walkthrough() {
    }

    static String readyLine(LocalStack stack) {
        StringBuilder line = new StringBuilder("READY");
        stack.services().values().stream().sorted(java.util.Comparator.comparingInt(ServiceProcess::port))
                .forEach(s -> line.append(' ').append(s.name()).append('=').append(s.url()));
        line.append(" console=").append(stack.service("orchestrator").url()).append("/console/");
        line.append(" kafka=").append(stack.kafkaBootstrapServers());
        line.append(" users=").append(SUPPORT_USER).append("(SUPPORT),").append(OPERATOR_USER).append("(SUPPORT,OPERATOR)");
        return line.toString();
    }

    static String instructions(LocalStack stack) {
        String orders = stack.service("orchestrator").url();
        return """
                Try it (dev profile users shown above; Ctrl-C stops everything):
                  # place an order that completes
                  curl -si -X POST %1$s/orders -H 'Content-Type: application/json' -H 'Idempotency-Key: readme-1' \\
                    -d '{"customerId":"alice","currency":"EUR","items":[{"sku":"SKU-1","quantity":2,"unitPrice":"19.99"}],"shippingAddress":{"name":"Alice","line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"}}'
                  # poll it (use the orderId from the answer); add -H 'If-None-Match: <etag>' -H 'Prefer: wait=10' to long-poll
                  curl -si %1$s/orders/<orderId>
                  # place an order that is compensated: the country is not served, so stock is released and the charge refunded
                  curl -si -X POST %1$s/orders -H 'Content-Type: application/json' \\
                    -d '{"customerId":"bob","currency":"EUR","items":[{"sku":"SKU-2","quantity":1,"unitPrice":"5.00"}],"shippingAddress":{"name":"Bob","line1":"1-1 Chiyoda","city":"Tokyo","postalCode":"100-0001","country":"JP"}}'
                  # list sagas as support staff, then look at one saga's timeline
                  curl -s -u %2$s '%1$s/admin/sagas?limit=20'
                  curl -s -u %2$s %1$s/admin/sagas/<sagaId>
                  # the support console (sign in as a user above): %1$s/console/
                  # scripts that make many calls: sign in once, then send the token (valid 15 minutes)
                  curl -s -X POST -u %2$s %1$s/admin/token
                  # the whole walkthrough as one script:  docs/walkthrough.sh %1$s
                """.formatted(orders, SUPPORT_USER);
    }
}
