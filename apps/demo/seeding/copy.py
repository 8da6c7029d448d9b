"""COPY rows into PostgreSQL through psycopg 3, with a progress bar and rows per second per table."""

import time
from dataclasses import dataclass, field

from django.db import connection
from tqdm import tqdm


@dataclass
class TableStats:
    rows: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class CopyLoader:
    """Streams rows with COPY FROM STDIN on Django's own connection, so it joins the open transaction."""

    show_progress: bool = True
    stats: dict[str, TableStats] = field(default_factory=dict)
    _bars: dict[str, tqdm] = field(default_factory=dict)

    def copy(self, table: str, columns: list[str], rows) -> None:
        connection.ensure_connection()
        bar = self._bar(table)
        stats = self.stats.setdefault(table, TableStats())
        started = time.monotonic()
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                stats.rows += 1
                if stats.rows % 5000 == 0:
                    bar.update(5000)
        bar.update(stats.rows - bar.n)
        stats.seconds += time.monotonic() - started

    def _bar(self, table: str) -> tqdm:
        if table not in self._bars:
            self._bars[table] = tqdm(desc=table, unit="row", disable=not self.show_progress, leave=False)
        return self._bars[table]

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()

    def summary(self) -> list[str]:
        lines = [
            f"{table:<22} {s.rows:>10,} rows {s.seconds:>8.1f} s {s.rows_per_second:>12,.0f} rows/s"
            for table, s in self.stats.items()
        ]
        rows = sum(s.rows for s in self.stats.values())
        seconds = sum(s.seconds for s in self.stats.values())
        lines.append(
            f"{'all tables':<22} {rows:>10,} rows {seconds:>8.1f} s {rows / seconds if seconds else 0:>12,.0f} rows/s"
        )
        return lines
