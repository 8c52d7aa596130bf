CREATE TABLE fleet_effect (
    message_key varchar(255) PRIMARY KEY,
    instance    varchar(255) NOT NULL
);
