"""Generated news stories with known copy relations, for syndication tests and the benchmark.

The words are invented (syllables built from Vietnamese onsets, rhymes and tones, drawn with a
Zipf-like frequency), so nothing is taken from a real article; what matters is the structure
real syndication has:

- stories are paragraphs of sentences; stories of one *topic* share its names and terms, and
  every story leans on a bank of stock phrases (the formulaic openings provincial news uses);
- a *follow-up* is a new story that reuses one or two background paragraphs of an earlier one:
  the hardest different-story case;
- a *brief* is under 50 words;
- an *edit* turns a story into another outlet's copy: ``exact``, ``new_lead`` (first paragraph
  rewritten), ``byline`` (a credit line added), ``cut_last`` (last paragraph dropped),
  ``tone_style`` (tone marks moved to the other placement, ``hòa`` -> ``hoà``), and pairs of these.

    writer = StoryWriter(seed=1)
    story = writer.story(rng, topic=3)
    copy = edit(writer, story, "new_lead", rng)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from scraper.text import normalise_tone_marks

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s",
          "t", "th", "tr", "v", "x")
RHYMES = ("a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ăn", "ăng", "âm", "ân", "âu", "ây", "e", "em",
          "en", "eo", "ê", "ên", "ênh", "êu", "i", "ia", "im", "in", "inh", "iêt", "iêu", "o", "oa", "oan",
          "oang",
          "oanh", "oe", "oi", "om", "on", "ong", "ô", "ôi", "ông", "ơ", "ơi", "ơn", "u", "ua", "ui", "um", "un",
          "ung", "uy", "uyên", "ư", "ưa", "ưng", "ươc", "ương", "ươi")
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
AGENCIES = ("TTXVN", "VOV", "Vietnam+", "Báo Tin tức", "Nhân Dân")
_MARKED = "ăâêôơư"
_VOWELS = "aeiouyăâêôơư"


def _syllable(onset: str, rhyme: str, tone: str) -> str:
    """Put the tone on the vowel Vietnamese spelling puts it on; open ``oa``/``oe``/``uy`` get
    the old placement (``hòa``), so a ``tone_style`` edit has something to move."""
    vowels = [i for i, c in enumerate(rhyme) if c in _VOWELS]
    marked = [i for i in vowels if rhyme[i] in _MARKED]
    if marked:
        at = marked[-1]
    elif len(vowels) > 1 and vowels[-1] == len(rhyme) - 1:
        at = vowels[-2]  # open rhyme: ai, ao, oa, uy... -> first vowel
    else:
        at = vowels[-1]
    return unicodedata.normalize("NFC", onset + rhyme[: at + 1] + tone + rhyme[at + 1:])


@dataclass(frozen=True)
class Story:
    title: str
    sapo: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


class StoryWriter:
    """Invented vocabulary, stock phrases and topics, all fixed by ``seed``."""

    def __init__(self, seed: int = 1, vocabulary: int = 30_000, topics: int = 2_000) -> None:
        rng = np.random.default_rng(seed)
        syllables = sorted({_syllable(o, r, t) for o in ONSETS for r in RHYMES for t in TONES})
        picks = rng.integers(0, len(syllables), size=(vocabulary, 2))
        lengths = rng.random(vocabulary) < 0.6  # most Vietnamese words of news text are two syllables
        words = {f"{syllables[a]} {syllables[b]}" if two else syllables[a]
                 for (a, b), two in zip(picks.tolist(), lengths.tolist())}
        self.words = np.array(sorted(words), dtype=object)
        rng.shuffle(self.words)
        weights = 1.0 / np.arange(1, len(self.words) + 1) ** 1.05
        self._cumulative = np.cumsum(weights / weights.sum())
        self.phrases = [" ".join(self._draw(rng, int(n))) for n in rng.integers(4, 9, size=80)]
        self.n_topics = topics
        self._topic_seed = seed

    def _draw(self, rng: np.random.Generator, n: int) -> list[str]:
        return self.words[np.searchsorted(self._cumulative, rng.random(n))].tolist()

    def topic_words(self, topic: int) -> list[str]:
        """A topic's own names and terms (capitalised names of places, people, bodies)."""
        rng = np.random.default_rng([self._topic_seed, topic])
        names = [w.title() for w in self.words[rng.integers(2_000, len(self.words), size=6)].tolist()]
        return names + self.words[rng.integers(200, 5_000, size=14)].tolist()

    def sentence(self, rng: np.random.Generator, topic: list[str]) -> str:
        words = self._draw(rng, int(rng.integers(8, 22)))
        for i in np.flatnonzero(rng.random(len(words)) < 0.12).tolist():
            words[i] = topic[int(rng.integers(len(topic)))]
        if rng.random() < 0.35:
            words = self.phrases[int(rng.integers(len(self.phrases)))].split() + words
        if len(words) > 10 and rng.random() < 0.5:
            words[int(rng.integers(3, len(words) - 3))] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, rng: np.random.Generator, topic: list[str]) -> str:
        return " ".join(self.sentence(rng, topic) for _ in range(int(rng.integers(2, 4))))

    def story(self, rng: np.random.Generator, topic: int, paragraphs: int | None = None) -> Story:
        words = self.topic_words(topic)
        count = paragraphs or int(rng.integers(5, 10))
        title = " ".join([words[int(rng.integers(6))], *self._draw(rng, int(rng.integers(6, 11)))])
        return Story(title[0].upper() + title[1:], self.sentence(rng, words),
                     tuple(self.paragraph(rng, words) for _ in range(count)))

    def follow_up(self, rng: np.random.Generator, topic: int, earlier: Story) -> Story:
        """A different story of the same topic that reuses one or two background paragraphs."""
        fresh = self.story(rng, topic, paragraphs=int(rng.integers(4, 8)))
        reused = list(earlier.paragraphs[1: 1 + int(rng.integers(1, 3))])
        return replace(fresh, paragraphs=fresh.paragraphs[:2] + tuple(reused) + fresh.paragraphs[2:])

    def brief(self, rng: np.random.Generator, topic: int) -> Story:
        """A story under 50 words: one short paragraph."""
        words = self.topic_words(topic)
        text = " ".join(self.sentence(rng, words) for _ in range(2))
        while len(text.split()) >= 50:
            text = text.rsplit(" ", 3)[0] + "."
        title = " ".join([words[int(rng.integers(6))], *self._draw(rng, 7)])
        return Story(title[0].upper() + title[1:], self.sentence(rng, words), (text,))


def _new_lead(writer: StoryWriter, story: Story, rng: np.random.Generator, topic: int) -> Story:
    lead = writer.paragraph(rng, writer.topic_words(topic))
    sapo = writer.sentence(rng, writer.topic_words(topic))
    return replace(story, sapo=sapo, paragraphs=(lead, *story.paragraphs[1:]))


def _byline(writer: StoryWriter, story: Story, rng: np.random.Generator, topic: int) -> Story:
    agency = AGENCIES[int(rng.integers(len(AGENCIES)))]
    if rng.random() < 0.5:
        return replace(story, paragraphs=(*story.paragraphs, f"Theo {agency}"))
    reporter = " ".join(w.title() for w in writer._draw(rng, 2))
    return replace(story, paragraphs=(f"{reporter} ({agency})", *story.paragraphs))


def _cut_last(writer: StoryWriter, story: Story, rng: np.random.Generator, topic: int) -> Story:
    return replace(story, paragraphs=story.paragraphs[:-1]) if len(story.paragraphs) > 1 else story


def _tone_style(writer: StoryWriter, story: Story, rng: np.random.Generator, topic: int) -> Story:
    def restyle(text: str) -> str:
        return normalise_tone_marks(text, "new")
    return Story(restyle(story.title), restyle(story.sapo), tuple(restyle(p) for p in story.paragraphs))


_EDITS: dict[str, Callable[[StoryWriter, Story, np.random.Generator, int], Story]] = {
    "exact": lambda writer, story, rng, topic: story,
    "new_lead": _new_lead,
    "byline": _byline,
    "cut_last": _cut_last,
    "tone_style": _tone_style,
}
EDITS: tuple[str, ...] = (*_EDITS, "new_lead+cut_last", "byline+tone_style", "new_lead+byline")
SHORT_EDITS = ("exact", "tone_style")  # a brief is matched exactly only: its copies differ in spelling at most


def edit(writer: StoryWriter, story: Story, name: str, rng: np.random.Generator, topic: int) -> Story:
    """Another outlet's copy of ``story`` made by the edit(s) ``name`` (``"new_lead+cut_last"``)."""
    for part in name.split("+"):
        story = _EDITS[part](writer, story, rng, topic)
    return story
