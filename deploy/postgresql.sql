-- The database and its owner for Samverkan (run once as the postgres superuser:
--   sudo -u postgres psql -f deploy/postgresql.sql
-- then set a password: \password samverkan). The app creates its tables on first start.
CREATE ROLE samverkan LOGIN;
CREATE DATABASE samverkan OWNER samverkan ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE samverkan FROM PUBLIC;
\connect samverkan
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO samverkan;
