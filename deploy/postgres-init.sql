-- Run once by the postgres image on an empty data directory (docker-compose.yml):
-- the clinic's tables get their own database next to the tracker store's.
CREATE DATABASE clinic;
