"""The Spanish catalogue addresses the user as "usted" everywhere (issue 15: it mixed "usted" with
"tú" in the invitations and the candidate lifecycle). A stop-list of forms that only "tú" uses:
pronouns and possessives, verb forms of the second person, and imperatives at the start of a
sentence (where a third-person verb would need a subject before it)."""

from __future__ import annotations

import re

from smm_eval.i18n import catalogue

# Second-person words that are never "usted" (design choice: the forms the catalogue used, and
# their common neighbours).
TU_WORDS = tuple(
    [
        "tu",
        "tus",
        "te",
        "ti",
        "contigo",
        "tuyo",
        "tuya",
        "tuyos",
        "tuyas",
        "puedes",
        "puedas",
        "tienes",
        "tengas",
        "has",
        "haz",
        "quieres",
        "quieras",
        "eres",
        "estás",
        "debes",
        "necesitas",
        "sabes",
        "haces",
        "aceptaste",
        "recibirás",
        "podrás",
        "verás",
        "tendrás",
        "cópialo",
        "envíaselo",
        "pídelo",
        "asegúrate",
        "mantén",
        "autoevaluarte",
        "saltarte",
        "sigues",
    ]
)
# Imperatives of "tú" at the start of a sentence or after a colon ("usted": elija, pida, escriba...).
TU_IMPERATIVES = tuple(
    [
        "elige",
        "pide",
        "escribe",
        "desactiva",
        "activa",
        "vuelve",
        "crea",
        "envía",
        "cierra",
        "responde",
        "indica",
        "escoge",
        "intenta",
        "salta",
        "comprueba",
        "revisa",
        "sube",
        "añade",
        "pulsa",
        "abre",
        "guarda",
        "mira",
        "cambia",
        "avisa",
        "selecciona",
        "introduce",
        "completa",
        "marca",
    ]
)
WORD = re.compile(r"\b(" + "|".join(TU_WORDS) + r")\b", re.IGNORECASE)
COMMAND = re.compile(r"(?:^|[.:;!?]\s+|\bo\s+)(" + "|".join(TU_IMPERATIVES) + r")\b", re.IGNORECASE)


def tu_forms(text: str) -> list[str]:
    """The "tú" forms in `text` (lower case)."""
    return [m.lower() for m in WORD.findall(text)] + [m.lower() for m in COMMAND.findall(text)]


def test_the_stop_list_finds_tu_and_leaves_usted():
    assert tu_forms("Pide uno nuevo a quien te lo envió; tus respuestas") == ["te", "tus", "pide"]
    assert tu_forms("Escribe {code} para confirmar") == ["escribe"]
    assert tu_forms("Pida uno nuevo a quien se lo envió; sus respuestas. Escriba {code}") == []
    assert tu_forms("Copia de seguridad completa; el enlace sigue abierto") == []


def test_spanish_messages_use_usted_only():
    hits = {key: tu_forms(text) for key, text in catalogue("es").items()}
    assert {k: v for k, v in hits.items() if v} == {}
