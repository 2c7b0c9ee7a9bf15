-- Trigram similarity for the help desk's Korean search (initial consonants, typo tolerance).
-- PGlite loads the contrib extension at start (src/platform/db/client.ts); PostgreSQL ships it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
