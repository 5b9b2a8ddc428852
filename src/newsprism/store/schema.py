"""The store's schema: migrations applied in order, each recorded in ``schema_migrations``.

Statements are written once for both backends in the SQL both speak; the PostgreSQL backend
translates the few type names that differ (``REAL``, ``BLOB``). Add a version to change the
schema; never edit an applied one.
"""

# Each migration is a list of single statements (not a script): executescript() would commit
# on its own and break the one-transaction-per-migration guarantee.
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [
    (
        1,
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY, path TEXT, outlet TEXT, title TEXT, published TEXT,
                metadata_sources TEXT NOT NULL DEFAULT '{}', text TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'en')""",
            """CREATE TABLE entities (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
                aliases TEXT NOT NULL DEFAULT '[]')""",
            """CREATE TABLE mentions (
                entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                label TEXT NOT NULL, PRIMARY KEY (entity_id, article_id, start, "end"))""",
            """CREATE TABLE claims (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                kind TEXT NOT NULL, speaker TEXT, speaker_entity_id TEXT,
                entity_ids TEXT NOT NULL DEFAULT '[]', quote_ids TEXT NOT NULL DEFAULT '[]',
                quantity_ids TEXT NOT NULL DEFAULT '[]', date_ids TEXT NOT NULL DEFAULT '[]',
                attributed INTEGER NOT NULL DEFAULT 0, hedged INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                direct INTEGER NOT NULL, cue TEXT, speaker TEXT, speaker_start INTEGER,
                speaker_end INTEGER, sentence_start INTEGER NOT NULL,
                sentence_end INTEGER NOT NULL, speaker_entity_id TEXT)""",
            """CREATE TABLE quantities (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                value REAL NOT NULL, unit TEXT, counted TEXT, bound TEXT NOT NULL,
                sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL)""",
            """CREATE TABLE dates (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                value TEXT NOT NULL, granularity TEXT NOT NULL, resolution TEXT NOT NULL,
                anchor TEXT, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL)""",
            """CREATE TABLE facts (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, status TEXT NOT NULL,
                representative_claim_id TEXT NOT NULL REFERENCES claims(id),
                outlets TEXT NOT NULL DEFAULT '[]', article_ids TEXT NOT NULL DEFAULT '[]',
                omitted_by TEXT NOT NULL DEFAULT '[]', conflict_ids TEXT NOT NULL DEFAULT '[]',
                cohesion REAL NOT NULL DEFAULT 1.0)""",
            """CREATE TABLE fact_claims (
                fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
                claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                PRIMARY KEY (fact_id, claim_id))""",
            """CREATE TABLE conflicts (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, kind TEXT NOT NULL,
                claim_a TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                claim_b TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
                score REAL NOT NULL, reason TEXT NOT NULL, method TEXT NOT NULL,
                between_speakers INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE brief_sentences (
                story_id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
                fact_id TEXT, citations TEXT NOT NULL DEFAULT '[]',
                PRIMARY KEY (story_id, position))""",
            """CREATE TABLE timeline (
                story_id TEXT NOT NULL, position INTEGER NOT NULL, date TEXT NOT NULL,
                granularity TEXT NOT NULL, text TEXT NOT NULL,
                date_ids TEXT NOT NULL DEFAULT '[]', citations TEXT NOT NULL DEFAULT '[]',
                PRIMARY KEY (story_id, position))""",
            # The same failure seen again is one row whose created_at is the latest sighting.
            """CREATE TABLE errors (
                source TEXT NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL,
                created_at TEXT NOT NULL, UNIQUE (source, stage, message))""",
            """CREATE TABLE runs (
                id TEXT PRIMARY KEY, story_id TEXT NOT NULL, created_at TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}')""",
            "CREATE INDEX mentions_article ON mentions(article_id)",
            "CREATE INDEX claims_article ON claims(article_id)",
            "CREATE INDEX quotes_article ON quotes(article_id)",
            "CREATE INDEX quantities_article ON quantities(article_id)",
            "CREATE INDEX dates_article ON dates(article_id)",
            "CREATE INDEX fact_claims_claim ON fact_claims(claim_id)",
            "CREATE INDEX facts_story ON facts(story_id)",
            "CREATE INDEX conflicts_story ON conflicts(story_id)",
            "CREATE INDEX conflicts_claim_a ON conflicts(claim_a)",
            "CREATE INDEX conflicts_claim_b ON conflicts(claim_b)",
            "CREATE INDEX runs_story ON runs(story_id)",
        ),
    ),
    (
        2,
        (
            # Quantities say what they measure and which entity they describe; mentions may
            # be role nouns or pronouns linked within their article.
            "ALTER TABLE quantities ADD COLUMN kind TEXT NOT NULL DEFAULT 'count'",
            "ALTER TABLE quantities ADD COLUMN subject TEXT",
            "ALTER TABLE quantities ADD COLUMN subject_start INTEGER",
            "ALTER TABLE quantities ADD COLUMN subject_end INTEGER",
            "ALTER TABLE quantities ADD COLUMN entity_id TEXT",
            "ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'name'",
            "ALTER TABLE mentions ADD COLUMN head TEXT",
            "ALTER TABLE mentions ADD COLUMN antecedent_start INTEGER",
        ),
    ),
    (
        3,
        (
            # Claims are statements (clauses) inside a sentence, with their parse; facts count
            # independent sources and say what each outlet does with them; conflicts name
            # their speakers; text reuse between articles (wire copies) is recorded.
            "ALTER TABLE claims ADD COLUMN sentence_start INTEGER",
            "ALTER TABLE claims ADD COLUMN sentence_end INTEGER",
            "ALTER TABLE claims ADD COLUMN subject TEXT",
            "ALTER TABLE claims ADD COLUMN predicate TEXT",
            "ALTER TABLE claims ADD COLUMN negated INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE claims ADD COLUMN argument TEXT",
            "ALTER TABLE facts ADD COLUMN independent_sources INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE facts ADD COLUMN origins TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE facts ADD COLUMN coverage TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE conflicts ADD COLUMN speaker_a TEXT",
            "ALTER TABLE conflicts ADD COLUMN speaker_b TEXT",
            "ALTER TABLE conflicts ADD COLUMN hedged INTEGER NOT NULL DEFAULT 0",
            """CREATE TABLE text_reuse (
                article_a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                article_b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                containment REAL NOT NULL, shared_shingles INTEGER NOT NULL,
                kind TEXT NOT NULL, PRIMARY KEY (article_a, article_b))""",
        ),
    ),
    (
        4,
        (
            # Ingest of any source: page metadata, when each article arrived, MinHash
            # signatures and the near-duplicate / wire-copy links found with them, and what
            # each watched feed has already delivered.
            "ALTER TABLE articles ADD COLUMN url TEXT",
            "ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE articles ADD COLUMN site_name TEXT",
            "ALTER TABLE articles ADD COLUMN ingested_at TEXT",
            "CREATE INDEX articles_published ON articles(published)",
            """CREATE TABLE article_signatures (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                signature BLOB NOT NULL, shingles INTEGER NOT NULL)""",
            """CREATE TABLE near_duplicates (
                article_a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                article_b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                jaccard REAL NOT NULL, containment REAL NOT NULL, kind TEXT NOT NULL,
                PRIMARY KEY (article_a, article_b))""",
            "CREATE INDEX near_duplicates_b ON near_duplicates(article_b)",
            """CREATE TABLE feeds (
                url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT,
                last_polled TEXT, last_status TEXT)""",
            """CREATE TABLE feed_entries (
                feed_url TEXT NOT NULL, entry_key TEXT NOT NULL, article_id TEXT,
                seen_at TEXT NOT NULL, PRIMARY KEY (feed_url, entry_key))""",
        ),
    ),
    (
        5,
        (
            # Stories: each article's story features (computed once), its story, each story's
            # description, and the merges and splits over time.
            """CREATE TABLE story_features (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                vector BLOB NOT NULL, entities TEXT NOT NULL DEFAULT '[]',
                terms TEXT NOT NULL DEFAULT '[]', day TEXT, title TEXT NOT NULL DEFAULT '')""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, first_day TEXT, last_day TEXT,
                size INTEGER NOT NULL, entities TEXT NOT NULL DEFAULT '[]',
                terms TEXT NOT NULL DEFAULT '[]', cohesion REAL NOT NULL DEFAULT 1.0,
                updated_at TEXT NOT NULL)""",
            """CREATE TABLE story_members (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                story_id TEXT NOT NULL)""",
            "CREATE INDEX story_members_story ON story_members(story_id)",
            """CREATE TABLE story_events (
                kind TEXT NOT NULL, story_id TEXT NOT NULL, other_id TEXT NOT NULL,
                article_id TEXT, at TEXT NOT NULL, PRIMARY KEY (kind, story_id, other_id))""",
        ),
    ),
    (
        6,
        (
            # Each story's latest report, as published (the web app's story page and its JSON
            # twin read it), with the counts the story list shows. The report comes last: a
            # large one spills into SQLite overflow pages, which a read of any column after it
            # would have to walk (6 ms for a 15 MB report, on every story-list request).
            """CREATE TABLE story_reports (
                story_id TEXT PRIMARY KEY, member_key TEXT NOT NULL, revision TEXT NOT NULL,
                articles INTEGER NOT NULL, outlets INTEGER NOT NULL, facts INTEGER NOT NULL,
                consensus INTEGER NOT NULL, conflicts INTEGER NOT NULL,
                updated_at TEXT NOT NULL, report TEXT NOT NULL)""",
        ),
    ),
    (
        7,
        (
            # Stated periods ("from 1966 to 1978") and parts of a month or year ("mid May").
            "ALTER TABLE dates ADD COLUMN until TEXT",
            "ALTER TABLE dates ADD COLUMN part TEXT",
        ),
    ),
    (
        8,
        (
            # The publication time as the source wrote it, with its UTC offset.
            "ALTER TABLE articles ADD COLUMN published_at TEXT",
        ),
    ),
]

TABLES = (
    "articles", "entities", "mentions", "claims", "quotes", "quantities", "dates", "facts",
    "fact_claims", "conflicts", "text_reuse", "brief_sentences", "timeline", "errors", "runs",
    "article_signatures", "near_duplicates", "feeds", "feed_entries", "story_features",
    "stories", "story_members", "story_events", "story_reports",
)


