"""Strict readers for the shipped reference files: every fault names its file, line and column."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path


class ReferentielError(Exception):
    def __init__(self, file: str, line: int | None, column: str | None, message: str):
        self.file, self.line, self.column, self.message = file, line, column, message
        where = [file]
        if line is not None:
            where.append(f"ligne {line}")
        if column is not None:
            where.append(f"colonne {column}")
        super().__init__(f"{', '.join(where)} : {message}")


class Row:
    """One CSV line whose fields are read through checks that know where they come from."""

    def __init__(self, file: str, line: int, header: list[str], values: list[str]):
        self.file, self.line, self.header = file, line, header
        self.values = dict(zip(header, values, strict=False))

    def fail(self, column: str, message: str):
        raise ReferentielError(self.file, self.line, f"{self.header.index(column) + 1} ({column})", message)

    def text(self, column: str) -> str:
        value = self.values[column].strip()
        if not value:
            self.fail(column, "valeur vide.")
        return value

    def match(self, column: str, pattern: str, what: str) -> str:
        value = self.text(column)
        if not re.fullmatch(pattern, value):
            self.fail(column, f"« {value} » n'est pas {what}.")
        return value

    def integer(self, column: str, *, optional: bool = False) -> int | None:
        value = self.values[column].strip()
        if not value and optional:
            return None
        if not re.fullmatch(r"\d+", value):
            self.fail(column, f"« {value} » n'est pas un nombre entier positif.")
        return int(value)

    def choice(self, column: str, allowed) -> str:
        value = self.text(column)
        if value not in allowed:
            self.fail(column, f"« {value} » n'est pas une valeur admise ({', '.join(sorted(allowed))}).")
        return value

    def codes(self, column: str, known, what: str) -> list[str]:
        codes = [code.strip() for code in self.text(column).split("|")]
        for code in codes:
            if code not in known:
                self.fail(column, f"{what} « {code} » inconnu du référentiel.")
        return codes

    def reference(self, column: str, known, what: str) -> str:
        value = self.text(column)
        if value not in known:
            self.fail(column, f"{what} « {value} » inconnu du référentiel.")
        return value


def read_csv(path: Path, expected_header: list[str]):
    """Yield a Row per data line; a short, long or unterminated line is reported, not guessed."""
    name = path.name
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise ReferentielError(name, None, None, "fichier introuvable.") from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise ReferentielError(name, 1, None, "fichier vide, l'en-tête manque.")
            header = [h.lstrip("\ufeff").strip() for h in header]
            missing = [col for col in expected_header if col not in header]
            if missing:
                raise ReferentielError(name, 1, None, f"colonnes manquantes dans l'en-tête : {', '.join(missing)}.")
            for values in reader:
                line = reader.line_num
                if not values:
                    continue
                if len(values) != len(header):
                    # The first column that is missing, or the first one that should not be there.
                    column = min(len(values), len(header)) + 1
                    raise ReferentielError(
                        name,
                        line,
                        str(column),
                        f"{len(values)} colonnes au lieu de {len(header)} (ligne tronquée ou séparateur en trop).",
                    )
                yield Row(name, line, header, values)
        except UnicodeDecodeError as exc:
            raise ReferentielError(
                name, None, None, f"encodage invalide (UTF-8 attendu) à l'octet {exc.start}."
            ) from None
        except csv.Error as exc:
            raise ReferentielError(name, reader.line_num, None, f"CSV mal formé : {exc}.") from None


def read_geojson(path: Path, key: str) -> dict[str, dict]:
    """Return {feature[key]: geometry}; a JSON fault names its line and column."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferentielError(name, None, None, "fichier introuvable.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferentielError(name, exc.lineno, str(exc.colno), f"JSON mal formé : {exc.msg}.") from None
    geometries = {}
    for index, feature in enumerate(data.get("features", []), start=1):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if key not in properties or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            raise ReferentielError(name, None, None, f"entité n° {index} sans « {key} » ou sans polygone.")
        geometries[str(properties[key])] = geometry
    return geometries
