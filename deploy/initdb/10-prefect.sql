-- Prefect's own database, beside newswatch's (created by POSTGRES_DB).
CREATE DATABASE prefect OWNER newswatch;
