# Two commands do everything on a fresh Debian machine (see README.md):
#   make render   set up, train the default run if missing, render every scene
#   make test     set up, train the default run if missing, run the tests
# More: make stills, make slides, make bench-render (docs/rendering.md)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The default run, always this folder: $$NN_RUN (the run the scenes draw) never redirects it.
RUN_DIR := assets/runs/default
RUN := $(RUN_DIR)/manifest.json
QUALITY ?= l

.PHONY: setup data voice render stills slides test bench bench-render clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml scripts/setup_system.sh
	bash scripts/setup_system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# The default run: trained on the embedded 5,000 digits, offline, ~10 s.
data: $(RUN)

$(RUN): $(VENV)/.installed $(wildcard network/*.py)
	$(PY) -m network.train --out $(RUN_DIR) --force --quiet

# The narration of every scene synthesised ahead, on all cores (optional:
# renders synthesise what they need; silent previews then have the voiced timing).
voice: data
	$(PY) -m lecture.voice_ahead

render: data
	$(PY) -m lecture.render --quality $(QUALITY)

# Last frame of every scene as PNG: media/images/<chapter>/<Scene>_ManimCE_v0.21.0.png
stills: data
	$(PY) -m lecture.render --stills

# Every chapter as an offline HTML slide deck: build/slides/<n>-<chapter>.html
slides: data
	$(PY) -m lecture.slides --quality $(QUALITY)

# Seconds of rendering per second of video, per scene, at -ql and -qh, and where the time goes (an hour or more;
# --encoders compares x264 presets on one scene)
bench-render: data
	$(PY) benchmarks/render_speed.py

# The suite on every core (pytest-xdist); the other-runs tests stay together on one worker.
test: data
	$(PY) -m pytest -q -n $(shell nproc) --dist loadgroup

clean:
	rm -rf media build
