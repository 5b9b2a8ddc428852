"""What the stories stage stores: features per article (so placing new articles never
recomputes old ones), story membership, story descriptions, and merges/splits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

import numpy as np

from newsprism.models import Story, StoryEvent
from newsprism.store.ingest import now_iso


class StoryRecords:
    """Mixed into ``Store``: expects ``_db``, ``_upsert`` and ``transaction``."""

    def save_stories(self, features: Sequence, members: dict[str, str],
                     stories: Sequence[Story], events: Sequence[StoryEvent] = (),
                     gone: Sequence[str] = ()) -> None:
        """One transaction: new articles' features, (re)assigned members, the described
        stories, events, and stories merged away (``gone``)."""
        now = now_iso()
        with self.transaction() as conn:
            self._upsert("story_features", [
                {"article_id": f.article_id, "vector": f.vector.astype(np.float32).tobytes(),
                 "entities": json.dumps(list(f.names), ensure_ascii=False),
                 "terms": json.dumps(list(f.terms), ensure_ascii=False),
                 "day": f.day.isoformat() if f.day else None, "title": f.title}
                for f in features], key=("article_id",))
            self._upsert("story_members", [{"article_id": a, "story_id": s}
                                           for a, s in members.items()], key=("article_id",))
            conn.executemany("DELETE FROM stories WHERE id = ?", [(g,) for g in gone])
            conn.executemany("DELETE FROM story_reports WHERE story_id = ?", [(g,) for g in gone])
            self._upsert("stories", [
                {"id": s.id, "title": s.title, "first_day": s.first_day,
                 "last_day": s.last_day, "size": len(s.article_ids),
                 "entities": json.dumps([list(e) for e in s.entities], ensure_ascii=False),
                 "terms": json.dumps(list(s.terms), ensure_ascii=False),
                 "cohesion": s.cohesion, "updated_at": now} for s in stories])
            self._upsert("story_events", [{**asdict(e), "at": now} for e in events],
                         key=("kind", "story_id", "other_id"))

    def story_features(self) -> list[tuple[object, str]]:
        """(features, story id) of every placed article, in placement order."""
        from newsprism.stories.features import StoryFeatures

        rows = self._db.execute(
            "SELECT f.*, m.story_id FROM story_features f JOIN story_members m "
            "ON m.article_id = f.article_id ORDER BY f.day IS NULL, f.day, f.article_id"
        ).fetchall()
        found = []
        for r in rows:
            names = tuple(tuple(n) for n in json.loads(r["entities"]))
            found.append((StoryFeatures(
                r["article_id"], np.frombuffer(bytes(r["vector"]), dtype=np.float32).copy(),
                frozenset(k for k, _ in names), tuple(json.loads(r["terms"])),
                date.fromisoformat(r["day"]) if r["day"] else None, r["title"], names),
                r["story_id"]))
        return found

    def unplaced_articles(self) -> list:
        """Stored articles in no story yet (new, or left by an interrupted run)."""
        from newsprism.store.ingest import row_article

        # Undated last, explicitly: SQLite sorts NULL first and PostgreSQL last, and the
        # order decides the batches, so it must be the same on both for the same story ids.
        rows = self._db.execute(
            "SELECT a.* FROM articles a LEFT JOIN story_members m ON m.article_id = a.id "
            "WHERE m.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
        ).fetchall()
        return [row_article(r) for r in rows]

    def stories(self) -> list[Story]:
        """Stored stories, largest first."""
        members: dict[str, list[str]] = {}
        for r in self._db.execute("SELECT article_id, story_id FROM story_members").fetchall():
            members.setdefault(r["story_id"], []).append(r["article_id"])
        rows = self._db.execute("SELECT * FROM stories ORDER BY size DESC, id").fetchall()
        return [Story(id=r["id"], article_ids=tuple(sorted(members.get(r["id"], []))),
                      title=r["title"], first_day=r["first_day"], last_day=r["last_day"],
                      entities=tuple((e, n) for e, n in json.loads(r["entities"])),
                      terms=tuple(json.loads(r["terms"])), cohesion=r["cohesion"])
                for r in rows]

    def story_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) AS n FROM stories").fetchone()["n"])

    def story_events(self) -> list[StoryEvent]:
        rows = self._db.execute("SELECT * FROM story_events ORDER BY at, story_id").fetchall()
        return [StoryEvent(r["kind"], r["story_id"], r["other_id"], r["article_id"])
                for r in rows]
