"""Joining a chapter's scene videos into one: video, narration and subtitle
tracks, without re-encoding (PyAV; no ffmpeg binary needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lecture.stamps import inputs_digest, stamp_matches, stamp_path, write_stamp


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds exactly that, so an
    unchanged subtitle file keeps its time stamp (and joins stay up to date)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


#: ASS header that FFmpeg's mov_text encoder needs before a subtitle stream can
#: be added (the cues themselves are muxed as ready-made mov_text samples).
_ASS_HEADER = """[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
MarginV, Encoding
Style: Default,Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def subtitle_stream(out, language: str):
    """Add an empty ``mov_text`` subtitle track tagged ``language`` (ISO 639-2,
    e.g. ``"eng"``) to ``out``, an mp4 opened for writing with nothing muxed yet."""
    from fractions import Fraction

    stream = out.add_stream("mov_text")
    stream.metadata["language"] = language
    stream.time_base = Fraction(1, 1000)
    stream.codec_context.subtitle_header = _ASS_HEADER.encode()
    return stream


def mux_subtitles(out, stream, srt_path: Path) -> None:
    """Mux the cues of ``srt_path`` into the subtitle ``stream`` of ``out``."""
    import struct

    import av
    import srt

    for sub in srt.parse(srt_path.read_text(encoding="utf-8")):
        text = sub.content.encode("utf-8")
        packet = av.Packet(struct.pack(">H", len(text)) + text)  # a mov_text sample: length, UTF-8 text
        packet.stream = stream
        packet.time_base = stream.time_base
        packet.pts = packet.dts = round(sub.start.total_seconds() * 1000)
        packet.duration = round((sub.end - sub.start).total_seconds() * 1000)
        out.mux(packet)


def join_videos(parts: list[Path], dest: Path, subtitles: list[tuple[str, Path]] = ()) -> None:
    """Concatenate mp4 files with identical encoding settings, without re-encoding.

    Parameters
    ----------
    parts : list of Path
        Scene videos in order (same codec, size and frame rate, as manim
        writes them at one quality).
    dest : Path
        The joined video.
    subtitles : list of (str, Path)
        Subtitle tracks to embed, as ``(ISO 639-2 language, .srt of the joined
        video)``; players list them as selectable tracks. Each part starts
        where the previous one ends (:func:`part_starts`).

    The narration (each part's audio track, if it has one) is carried over
    the same way, without re-encoding, each part's audio starting with its video.
    """
    import av

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.stem + ".part" + dest.suffix)
    voiced = [p for p in parts if has_audio(p)]
    with av.open(str(tmp), "w") as out:
        # Every stream is added before the first packet is muxed.
        with av.open(str(parts[0])) as first:
            out_stream = out.add_stream_from_template(first.streams.video[0])
        audio_out = None
        if voiced:  # the narration: each scene's AAC track, shifted to where its video starts
            with av.open(str(voiced[0])) as first_voiced:
                audio_out = out.add_stream_from_template(first_voiced.streams.audio[0])
        tracks = [(subtitle_stream(out, language), path) for language, path in subtitles if path.is_file()]
        offset = 0  # in out_stream.time_base units
        audio_end = 0  # in the audio time base
        for part in parts:
            with av.open(str(part)) as inp:
                in_stream = inp.streams.video[0]
                a_stream = inp.streams.audio[0] if (audio_out is not None and inp.streams.audio) else None
                # Audio packets shift by the same start time, in their own time base (or just
                # after the previous scene's audio, whose encoder padding may run a frame long).
                a_offset = max(round(offset * in_stream.time_base / a_stream.time_base), audio_end) if a_stream else 0
                end = offset
                for packet in inp.demux(*(s for s in (in_stream, a_stream) if s is not None)):
                    if packet.dts is None:  # the demuxer's final flush packet
                        continue
                    if packet.stream.type == "audio":
                        packet.pts = (packet.pts or 0) + a_offset
                        packet.dts += a_offset
                        audio_end = max(audio_end, packet.dts + (packet.duration or 0))
                        packet.stream = audio_out
                    else:
                        packet.pts = (packet.pts or 0) + offset
                        packet.dts += offset
                        end = max(end, packet.pts + (packet.duration or 0))
                        packet.stream = out_stream
                    out.mux(packet)
                offset = end
        for stream, srt_path in tracks:
            mux_subtitles(out, stream, srt_path)
    tmp.replace(dest)


def has_audio(path: Path) -> bool:
    """True if the video file has an audio track (a narrated render)."""
    import av

    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def join_srts(parts: list[Path | None], starts: list[float], dest: Path) -> Path:
    """Join subtitle files, shifting each by the start time of its video.

    Parameters
    ----------
    parts : list of Path or None
        One ``.srt`` per scene (None or a missing file: no subtitles there).
    starts : list of float
        Start of each scene in the joined video, seconds.
    dest : Path
        The joined ``.srt``.
    """
    from datetime import timedelta

    import srt

    subs = []
    for part, start in zip(parts, starts):
        if part is None or not part.is_file():
            continue
        shift = timedelta(seconds=start)
        for sub in srt.parse(part.read_text(encoding="utf-8")):
            subs.append(srt.Subtitle(0, sub.start + shift, sub.end + shift, sub.content))
    write_if_changed(dest, srt.compose(subs, reindex=True))
    return dest


def part_starts(parts: list[Path]) -> list[float]:
    """Start time of each part in their concatenation, as :func:`join_videos` lays them out."""
    import av

    starts, total = [], 0.0
    for part in parts:
        starts.append(total)
        with av.open(str(part)) as inp:
            stream = inp.streams.video[0]
            end = max((p.pts + (p.duration or 0) for p in inp.demux(stream) if p.pts is not None), default=0)
            total += float(end * stream.time_base)
    return starts


def join_chapter(jobs: list, dest: Path) -> Path:
    """Join a chapter's subtitle files, then its scene videos (``jobs``: the
    chapter's :class:`lecture.render.SceneJob` s, for their ``video`` and ``srt``) with both subtitle
    tracks embedded (unless ``dest`` was joined from exactly these scene videos,
    as their stamps and sizes say, and these subtitle files)."""
    videos = [j.video for j in jobs]
    dest.parent.mkdir(parents=True, exist_ok=True)
    starts = part_starts(videos)
    english = join_srts([j.srt for j in jobs], starts, dest.with_suffix(".srt"))
    chinese = join_srts([j.srt.with_suffix(".zh.srt") for j in jobs], starts, dest.with_suffix(".zh.srt"))
    parts = [stamp_path(v) for v in videos if stamp_path(v).is_file()] + [english, chinese]
    digest = hashlib.sha256((inputs_digest(parts) + "".join(
        f"{v.name}:{v.stat().st_size}:{v.stat().st_mtime_ns};" for v in videos)).encode()).hexdigest()
    if not stamp_matches(dest, digest):
        join_videos(videos, dest, subtitles=[("eng", english), ("chi", chinese)])
        write_stamp(dest, digest)
    return dest
