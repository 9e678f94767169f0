"""The acceptance rules no measurement can check, in words a person reads before uploading.

Who may take the photo, how recent it must be, whether a replaced background
is accepted and what the authority allows for babies and children all come
from the catalogue (:class:`~anyidphoto.specs.model.Acceptance`), each with
its source. The studio shows these lines when a document is chosen, and the
CLI prints them before it makes a photo, so nobody pays for a photo the
authority would refuse for a reason the software could not see. The
expression asked for is said with them: the report checks it, but a person
should know it before the photo is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from anyidphoto.specs.model import DocumentSpec

NoticeKind = Literal["use", "taken_by", "expression", "background", "recent", "children"]


@dataclass(frozen=True)
class Notice:
    """One rule, said plainly: ``kind`` names it, ``text`` says it, ``source`` backs it."""

    kind: NoticeKind
    text: str
    source: str
    #: Whether the rule limits what the photo made here can be used for.
    limits_use: bool = False


_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "use.accepted": "A photo made here can be printed or uploaded wherever this "
        "application asks you to supply a photo.",
        "use.limited": "A photo made here is accepted only for {cases}. For anything else "
        "it cannot be used.",
        "use.refused": "A photo made here cannot be used for this application. Use it to "
        "see your pose and framing before you go.",
        "taken_by.unstated": "Our sources do not say who may take the photo: check with the "
        "authority that a photo you bring yourself is accepted.",
        "taken_by.anyone": "Anyone may take the photo, at home too, as long as it meets the rules.",
        "taken_by.photographer": "Only a photo taken by a commercial photographer is accepted.",
        "taken_by.approved": "Only a photo from an approved photographer or photo booth "
        "(and its code, where the application asks for one) is accepted.",
        "taken_by.office": "The office takes the photo itself when you apply.",
        "taken_by.office_or_registered": "The photo is taken at the office, or sent by a "
        "registered photographer through the authority's secure channel.",
        "expression.neutral": "Keep a neutral expression, the mouth closed and both eyes "
        "open: a smile fails.",
        "expression.natural_smile": "A neutral expression or a natural smile is accepted; "
        "keep both eyes open.",
        "background.allowed": "A digitally replaced background is accepted.",
        "background.discouraged": "The authority prefers a photo that is not altered: if "
        "your wall is already plain and light, keep your own background.",
        "background.refused": "A photo whose background was replaced is refused: your own "
        "background is kept, so stand in front of a plain, light wall.",
        "recent.1": "The photo must be taken within the last month before you apply.",
        "recent.n": "The photo must be taken within the last {months} months before you apply.",
        "children.none": "Our sources give no exception for babies or children: a child's "
        "photo must meet the same rules (eyes open, neutral expression, head size).",
    },
    "fr": {
        "use.accepted": "Une photo faite ici peut être imprimée ou envoyée partout où cette "
        "démarche vous demande de fournir une photo.",
        "use.limited": "Une photo faite ici n'est acceptée que pour {cases}. Pour le reste, "
        "elle ne peut pas servir.",
        "use.refused": "Une photo faite ici ne peut pas servir pour cette démarche. "
        "Servez-vous-en pour voir votre pose et votre cadrage avant d'y aller.",
        "taken_by.unstated": "Nos sources ne disent pas qui peut prendre la photo : "
        "vérifiez auprès de l'autorité qu'une photo que vous apportez vous-même est acceptée.",
        "taken_by.anyone": "Tout le monde peut prendre la photo, chez soi aussi, si elle "
        "respecte les règles.",
        "taken_by.photographer": "Seule une photo prise par un photographe professionnel "
        "est acceptée.",
        "taken_by.approved": "Seule une photo d'un photographe ou d'une cabine agréés (et "
        "son code, quand la démarche en demande un) est acceptée.",
        "taken_by.office": "Le service prend lui-même la photo lors de la demande.",
        "taken_by.office_or_registered": "La photo est prise au guichet, ou envoyée par un "
        "photographe enregistré par le canal sécurisé de l'autorité.",
        "expression.neutral": "Gardez une expression neutre, la bouche fermée et les deux "
        "yeux ouverts : un sourire est refusé.",
        "expression.natural_smile": "Une expression neutre ou un sourire naturel est "
        "accepté ; gardez les deux yeux ouverts.",
        "background.allowed": "Un fond remplacé numériquement est accepté.",
        "background.discouraged": "L'autorité préfère une photo non retouchée : si votre "
        "mur est déjà uni et clair, gardez votre propre fond.",
        "background.refused": "Une photo dont le fond a été remplacé est refusée : votre "
        "propre fond est gardé, placez-vous donc devant un mur uni et clair.",
        "recent.1": "La photo doit dater de moins d'un mois au moment de la demande.",
        "recent.n": "La photo doit dater de moins de {months} mois au moment de la demande.",
        "children.none": "Nos sources ne donnent aucune exception pour les bébés ni les "
        "enfants : la photo d'un enfant suit les mêmes règles (yeux ouverts, expression "
        "neutre, taille de la tête).",
    },
}


def _words(language: str) -> dict[str, str]:
    return _TEXT.get(language, _TEXT["en"])


def _in(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts.get("en", "")


def notices(spec: DocumentSpec, language: str = "en") -> tuple[Notice, ...]:
    """The acceptance rules of ``spec`` in ``language`` (``en`` or ``fr``), the use first.

    The first notice always says what a photo made here can and cannot be
    used for; it ``limits_use`` when the authority takes or approves the
    photo itself.
    """
    words = _words(language)
    rules = spec.acceptance
    supplied = rules.supplied_photo
    use = words[f"use.{supplied}"].format(cases=_in(rules.exceptions, language))
    recent = (
        words["recent.1"]
        if rules.recent_months == 1
        else words["recent.n"].format(months=rules.recent_months)
    )
    children = _in(rules.children, language) or words["children.none"]
    return (
        Notice("use", use, rules.source, limits_use=supplied != "accepted"),
        Notice("taken_by", words[f"taken_by.{rules.taken_by}"], rules.source),
        Notice("expression", words[f"expression.{spec.expression}"], spec.expression_source),
        Notice(
            "background",
            words[f"background.{spec.background_replacement}"],
            spec.replacement_source,
        ),
        Notice("recent", recent, rules.recent_source),
        Notice("children", children, rules.children_source),
    )
