package io.sagaengine.operations;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The configuration the library's web slice tests start from; the library itself is auto-configured. */
@SpringBootApplication
class OperationsTestApplication {
}
