-- Runs once, when the PostgreSQL container starts with an empty data volume.
-- One database per service on the same server; migrations and seed data come
-- from the `migrate` service afterwards.
CREATE DATABASE orion_auth;
CREATE DATABASE orion_user;
CREATE DATABASE orion_notification;
