#!/usr/bin/env bash
# Creates the four service databases on the first start of the postgres container:
# orders (saga-orchestrator), payment, inventory and shipping, each owned by a login role of the same name.
#
# The postgres image runs every *.sh in /docker-entrypoint-initdb.d once, on an empty data directory only;
# to run it again, remove the data volume (docker compose down -v). The image executes the script when it
# is executable and sources it otherwise, so everything runs in a subshell that leaves the caller's shell
# options alone.
#
# Each role gets LOGIN and REPLICATION: the outbox relay of a service creates its own publication and
# logical replication slot (pgoutput) in its database. Each role owns its database, so the tables its
# migrations create are its own, which CREATE PUBLICATION ... FOR TABLE requires. Other roles may not
# connect to a service's database.
#
# Passwords come from ORDERS_DB_PASSWORD, PAYMENT_DB_PASSWORD, INVENTORY_DB_PASSWORD and
# SHIPPING_DB_PASSWORD (set by docker-compose.yml; the script stops if one is missing or empty).
#
# Written from the postgres image's documentation; the SQL was run against PostgreSQL 17, but the script
# has not been run inside the postgres container itself (see docs/DOCKER.md).
(
    set -Eeuo pipefail

    create_service_database() {
        local name="$1"
        local password_variable="$2"
        local password="${!password_variable:-}"
        if [[ -z "$password" ]]; then
            echo "init-databases: $password_variable is not set; refusing to create role '$name' without a password" >&2
            return 1
        fi
        echo "init-databases: creating role and database '$name'"
        psql --no-psqlrc -v ON_ERROR_STOP=1 \
            --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
            --set=name="$name" --set=password="$password" <<'SQL'
CREATE ROLE :"name" WITH LOGIN REPLICATION PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
    }

    create_service_database orders ORDERS_DB_PASSWORD
    create_service_database payment PAYMENT_DB_PASSWORD
    create_service_database inventory INVENTORY_DB_PASSWORD
    create_service_database shipping SHIPPING_DB_PASSWORD
)
