"""docs/schema.md, written from PostgreSQL's catalog rather than from the models.

The catalog is the truth: it also holds what migrations create by SQL (partitions, triggers,
functions, CHECKs and ON DELETE rules). Everything is sorted by name and nothing depends on OIDs
or dates, so the same migrations always give the same file and a stale file can be detected.
"""

import re

from django.db import connection

FRAMEWORK_PREFIXES = ("django_", "auth_")

# Relations and functions that extensions (pgcrypto, pg_stat_statements...) own are theirs to document.
NOT_FROM_EXTENSION = (
    "NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = {catalog}::regclass AND d.objid = {oid} AND d.deptype = 'e')"
)

FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
CONSTRAINT_KINDS = {"p": "PRIMARY KEY", "u": "UNIQUE", "c": "CHECK", "f": "FOREIGN KEY", "x": "EXCLUDE"}
RELATION_KINDS = {"r": "table", "p": "partitioned table", "v": "view", "m": "materialized view"}


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _grouped(rows):
    grouped = {}
    for relation, *rest in rows:
        grouped.setdefault(relation, []).append(rest)
    return grouped


def read_catalog() -> dict:
    """Every relation of schema public (partitions folded into their parent) and its parts."""
    relations = _rows(
        f"""
        SELECT c.relname, c.relkind, coalesce(obj_description(c.oid, 'pg_class'), ''),
               coalesce(pg_get_partkeydef(c.oid), '')
          FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
           AND NOT c.relispartition AND {NOT_FROM_EXTENSION.format(catalog="'pg_class'", oid="c.oid")}
         ORDER BY c.relname
        """
    )
    names = [name for name, *_ in relations]
    columns = _grouped(
        _rows(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                   CASE a.attidentity WHEN 'a' THEN 'identity (always)' WHEN 'd' THEN 'identity (by default)'
                        ELSE coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') END,
                   coalesce(col_description(c.oid, a.attnum), '')
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY c.relname, a.attnum
            """,
            [names],
        )
    )
    constraints = _grouped(
        _rows(
            """
            SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid),
                   coalesce(k.confrelid::regclass::text, ''), k.confdeltype, k.confupdtype,
                   coalesce((SELECT array_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
                              WHERE a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)), '{}')
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
             ORDER BY c.relname, array_position('{p,u,f,c,x}'::text[], k.contype::text), k.conname
            """,
            [names],
        )
    )
    indexes = _grouped(
        _rows(
            """
            SELECT c.relname, i.relname, pg_get_indexdef(i.oid)
              FROM pg_index x
              JOIN pg_class c ON c.oid = x.indrelid
              JOIN pg_class i ON i.oid = x.indexrelid
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
             ORDER BY c.relname, i.relname
            """,
            [names],
        )
    )
    triggers = _grouped(
        _rows(
            """
            SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
             ORDER BY c.relname, t.tgname
            """,
            [names],
        )
    )
    partitions = _grouped(
        _rows(
            """
            SELECT p.relname, c.relname, pg_get_expr(c.relpartbound, c.oid)
              FROM pg_inherits h
              JOIN pg_class c ON c.oid = h.inhrelid
              JOIN pg_class p ON p.oid = h.inhparent
             WHERE p.relname = ANY(%s) AND p.relnamespace = 'public'::regnamespace AND c.relispartition
             ORDER BY p.relname, c.relname
            """,
            [names],
        )
    )
    functions = _rows(
        f"""
        SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
               pg_get_function_result(p.oid), coalesce(obj_description(p.oid, 'pg_proc'), '')
          FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace
           AND {NOT_FROM_EXTENSION.format(catalog="'pg_proc'", oid="p.oid")}
         ORDER BY 1
        """
    )
    return {
        "relations": [
            {
                "name": name,
                "kind": RELATION_KINDS[kind],
                "comment": comment,
                "partition_key": partition_key,
                "columns": columns.get(name, []),
                "constraints": constraints.get(name, []),
                "indexes": indexes.get(name, []),
                "triggers": triggers.get(name, []),
                "partitions": partitions.get(name, []),
            }
            for name, kind, comment, partition_key in relations
        ],
        "functions": functions,
    }


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header, rows) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def _relation_section(relation) -> list[str]:
    lines = [f"### `{relation['name']}`", ""]
    if relation["comment"]:
        lines += [relation["comment"], ""]
    if relation["kind"] != "table":
        kind = relation["kind"]
        if relation["partition_key"]:
            kind += f", partitioned by `{relation['partition_key']}`"
        lines += [f"*{kind.capitalize()}*", ""]
    lines += _table(
        ["Column", "Type", "Nullable", "Default", "Comment"],
        [
            (f"`{name}`", type_, "yes" if nullable else "no", f"`{default}`" if default else "", comment)
            for name, type_, nullable, default, comment in relation["columns"]
        ],
    )
    if relation["constraints"]:
        lines += ["**Constraints**", ""]
        lines += _table(
            ["Name", "Kind", "Definition", "On delete", "On update"],
            [
                (
                    f"`{name}`",
                    CONSTRAINT_KINDS.get(kind, kind),
                    f"`{definition}`",
                    FK_ACTIONS[on_delete] if kind == "f" else "",
                    FK_ACTIONS[on_update] if kind == "f" else "",
                )
                for name, kind, definition, _target, on_delete, on_update, _columns in relation["constraints"]
            ],
        )
    if relation["indexes"]:
        lines += ["**Indexes**", ""]
        lines += _table(["Name", "Definition"], [(f"`{name}`", f"`{sql}`") for name, sql in relation["indexes"]])
    if relation["triggers"]:
        lines += ["**Triggers**", ""]
        lines += _table(["Name", "Definition"], [(f"`{name}`", f"`{sql}`") for name, sql in relation["triggers"]])
    if relation["partitions"]:
        lines += ["**Partitions**", ""]
        lines += _table(["Partition", "Bounds"], [(f"`{name}`", bound) for name, bound in relation["partitions"]])
    return lines


def _mermaid_type(type_) -> str:
    return re.sub(r"\W+", "_", type_).strip("_")


def _er_diagram(relations) -> list[str]:
    lines = ["```mermaid", "erDiagram"]
    links = []
    for relation in relations:
        if relation["kind"] not in ("table", "partitioned table"):
            continue
        primary, foreign = set(), {}
        for _name, kind, _definition, target, *_actions, columns in relation["constraints"]:
            if kind == "p":
                primary.update(columns)
            elif kind == "f":
                foreign.update(dict.fromkeys(columns, target))
                nullable = all(is_nullable for column, _t, is_nullable, *_ in relation["columns"] if column in columns)
                links.append(
                    f'    {target} {"|o" if nullable else "||"}--o{{ {relation["name"]} : "{", ".join(columns)}"'
                )
        lines.append(f"    {relation['name']} {{")
        for column, type_, *_ in relation["columns"]:
            keys = ",".join(key for key, present in (("PK", column in primary), ("FK", column in foreign)) if present)
            if keys:
                lines.append(f"        {_mermaid_type(type_)} {column} {keys}")
        lines.append("    }")
    return [*lines, *sorted(links), "```", ""]


def render_schema_markdown() -> str:
    catalog = read_catalog()
    relations = catalog["relations"]
    shopflow = [r for r in relations if not r["name"].startswith(FRAMEWORK_PREFIXES)]
    framework = [r for r in relations if r["name"].startswith(FRAMEWORK_PREFIXES)]
    lines = [
        "# ShopFlow database schema",
        "",
        "Generated from the PostgreSQL catalog by `manage.py document_schema`; do not edit by hand.",
        "`manage.py document_schema --check` fails when this file no longer matches the migrations.",
        "",
        "## Relationships",
        "",
        *_er_diagram(relations),
        "## ShopFlow tables",
        "",
    ]
    for relation in shopflow:
        lines += _relation_section(relation)
    lines += ["## Framework tables", "", "Tables of Django and its contrib apps.", ""]
    for relation in framework:
        lines += _relation_section(relation)
    lines += ["## Functions", ""]
    lines += _table(
        ["Function", "Returns", "Comment"],
        [(f"`{signature}`", result, comment) for signature, result, comment in catalog["functions"]],
    )
    return "\n".join(lines).rstrip("\n") + "\n"
