"""Synthetic but valid practice records for the benchmark: realistic Dutch text lengths, every field
used, vocabulary terms varied. Deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from generator.vocabulary import load_vocabularies

SENTENCES = [
    "Werknemers volgen een opleiding op de werkvloer onder begeleiding van een ervaren collega.",
    "Het sectorfonds ondersteunt bedrijven die jongeren een leerwerkplek aanbieden.",
    "De praktijk richt zich op werkzoekenden die de stap naar een knelpuntberoep willen zetten.",
    "Scholen en bedrijven werken samen om de opleiding beter af te stemmen op de arbeidsmarkt.",
    "Deelnemers behouden hun loon tijdens de opleiding en keren daarna terug naar hun job.",
    "Een jobcoach volgt elke deelnemer op en bespreekt de voortgang met de werkgever.",
    "De opleiding combineert lessen in een opleidingscentrum met praktijkervaring in een bedrijf.",
    "Oudere werknemers krijgen de kans om hun vaardigheden up-to-date te houden.",
    "Via infosessies en bedrijfsbezoeken maken leerlingen kennis met technische beroepen.",
    "De sociale partners sloten hierover een akkoord in het paritair comité.",
    "Na afloop ontvangen de deelnemers een attest dat in de hele sector erkend is.",
    "De resultaten worden elk jaar geëvalueerd en het programma wordt bijgestuurd.",
    "Kortgeschoolde werknemers nemen vaker deel dankzij de korte, praktijkgerichte modules.",
    "Het project startte als proeftuin en werd later uitgebreid naar de hele provincie.",
    "Mentoren op de werkvloer krijgen zelf een opleiding om hun rol goed op te nemen.",
    "De kosten worden gedeeld door de werkgever, het sectorfonds en de Vlaamse overheid.",
]
ORGANISATIONS = [
    f"{kind} {place}"
    for kind in ("Sectorfonds", "Opleidingscentrum", "Provinciaal platform", "Stichting", "Bedrijf")
    for place in ("Brugge", "Gent", "Hasselt", "Leuven", "Antwerpen", "Kortrijk", "Aalst", "Genk", "Mechelen", "Roeselare")
]
PLACES = ["Brugge", "Gent", "Hasselt", "Leuven", "Antwerpen", "Kortrijk", "Aalst", "Genk", "Mechelen", "Oostende"]


def text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def practice(index: int, rng: random.Random) -> dict:
    vocab = load_vocabularies()
    pick = lambda kind, k: rng.sample(vocab[kind].ids, k)  # noqa: E731 - a tiny local helper
    start = rng.randint(2005, 2022)
    planned = rng.randint(20, 900) * 1000
    target = rng.randint(50, 3000)
    return {
        "title": f"Praktijk {index:05d}: {rng.choice(['opleiding', 'leerwerkplek', 'jobcoaching', 'imagocampagne', 'duaal leren'])} {rng.choice(PLACES)}",
        "summary": text(rng, 1),
        "goal": text(rng, 2),
        "description": "\n\n".join(text(rng, 4) for _ in range(3)) + "\n\n" + "\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(4)),
        "context": text(rng, 3),
        "target_groups": {"terms": pick("target_groups", rng.randint(1, 3)), "wording": text(rng, 1)},
        "sectors": pick("sectors", rng.randint(1, 2)),
        "coordination": {"organisations": [rng.choice(ORGANISATIONS)], "partners": rng.sample(ORGANISATIONS, 2), "wording": text(rng, 1)},
        "scope": {"level": rng.choice(vocab["levels"].ids), "country": "BE", "regions": pick("regions", 1), "places": [rng.choice(PLACES)]},
        "period": {"wording": f"Sinds {start}", "start": start, "ongoing": True},
        "costs": [
            {
                "wording": f"Budget {start}",
                "planned_eur": planned,
                "spent_eur": round(planned * rng.random(), 2),
                "year": start,
                "covers": "opleidingstrajecten",
            }
        ],
        "funding": text(rng, 2),
        "priorities": {"terms": pick("priorities", rng.randint(1, 2)), "basis": "editors"},
        "strengths": [text(rng, 1) for _ in range(4)],
        "challenges": [{"text": text(rng, 1), "audience": "Bedrijf"} for _ in range(3)],
        "conditions": [text(rng, 1) for _ in range(2)],
        "procedure": [{"title": f"Stap {n}", "text": text(rng, 1), "who": rng.choice(ORGANISATIONS)} for n in range(1, 5)],
        "outcomes": {
            "text": text(rng, 3),
            "figures": [
                {"label": "Bereikte deelnemers", "value": rng.randint(10, 4000), "target": target, "unit": "deelnemers", "period": str(start)},
                *(
                    {"label": "Inschrijvingen", "value": rng.randint(50, 600), "unit": "inschrijvingen", "period": f"schooljaar {y}-{y + 1}"}
                    for y in range(start, start + 3)
                ),
            ],
        },
        "evaluation": text(rng, 2),
        "conclusion": text(rng, 2),
        "long_term": rng.choice(["long", "short", "unknown"]),
        "quotes": [{"text": text(rng, 2), "person": "Een deelnemer", "role": "cursist"}],
        "contacts": [{"name": "An Voorbeeld", "role": "coördinator", "organisation": rng.choice(ORGANISATIONS), "email": f"info{index}@example.org"}],
        "links": [{"url": f"https://www.example.org/praktijk/{index}", "label": "Projectpagina"}],
        "more_info": text(rng, 2),
        "sources": [{"document": rng.choice(vocab["documents"].ids), "section": f"Synthetisch record {index}"}],
    }


def write_practices(directory: Path, count: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        record = practice(index, rng)
        (directory / f"praktijk-{index:05d}.yaml").write_text(
            "# yaml-language-server: $schema=../generator/practice.schema.json\n"
            + yaml.dump(record, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
