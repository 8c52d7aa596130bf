# syntax=docker/dockerfile:1
#
# One image recipe for the four services; the MODULE build argument picks the service:
#   saga-orchestrator (8080), payment-participant (8081), inventory-participant (8082), shipping-participant (8083).
#
# The build context is the repository root, for example:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=payment-participant --build-arg PORT=8081 \
#     -t saga-engine/payment-participant .
# docker-compose.yml does this for all four.
#
# UNVERIFIED: written from the documentation of the maven, eclipse-temurin and Docker build images; it has not
# been built or run yet, because the machine it was written on has no Docker engine. See docs/DOCKER.md.
#
# Needs BuildKit (the default builder of Docker Engine 23+ and of Docker Compose v2) for the cache mount below.
#
# Dependency caching: the Maven local repository lives in a BuildKit cache mount shared by the four builds,
# so dependencies are downloaded once and survive source changes. A "copy the poms, then
# dependency:go-offline" layer does not work for this build: go-offline has to resolve the sibling modules
# (contracts, outbox, ...) that are built in the same reactor run and are not in any repository yet.
# sharing=locked serializes the builds that use the cache, because concurrent Maven runs may corrupt a
# shared local repository.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG MODULE
WORKDIR /workspace
# Maven reads every module of the reactor, even with -pl, so the whole tree is copied (.dockerignore trims it).
COPY . .
RUN --mount=type=cache,id=saga-engine-m2,target=/root/.m2,sharing=locked \
    set -eu; \
    case "${MODULE:-}" in \
      saga-orchestrator|payment-participant|inventory-participant|shipping-participant) ;; \
      *) echo "MODULE must be one of saga-orchestrator, payment-participant, inventory-participant," \
              "shipping-participant; got '${MODULE:-}'" >&2; exit 1 ;; \
    esac; \
    sh ./mvnw -B -ntp -pl "$MODULE" -am package -DskipTests; \
    cp "$MODULE"/target/"$MODULE"-*-exec.jar /workspace/app.jar

FROM ${RUNTIME_IMAGE}
ARG MODULE
ARG PORT=8080
# curl is what the healthchecks use. The eclipse-temurin Ubuntu images ship it today; install it only if a
# later base image drops it.
RUN set -eux; \
    if ! command -v curl >/dev/null 2>&1; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --gid 10001 saga; \
    useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      --no-log-init saga
WORKDIR /app
COPY --from=build /workspace/app.jar /app/app.jar
LABEL org.opencontainers.image.title="${MODULE}" \
      org.opencontainers.image.description="Saga engine service ${MODULE}"
USER 10001:10001
# Spring Boot reads SERVER_PORT as server.port; docker-compose.yml sets it too.
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
# docker-compose.yml defines its own healthcheck; this one serves plain `docker run`.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=6 \
  CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health" || exit 1
# The base image's entrypoint execs this command, so java runs as PID 1 and gets SIGTERM for a graceful shutdown.
CMD ["java", "-jar", "/app/app.jar"]
