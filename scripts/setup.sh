#!/usr/bin/env bash
# Idempotent set-up: virtual environment, packages, the project's spaCy pipeline
# and the trained model. Each step runs again only when its inputs changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

fingerprint() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
step_is_current() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

python=$(scripts/find_python.sh)
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

packages=$(fingerprint requirements.txt requirements-dev.txt)
if ! step_is_current .venv/.packages "$packages"; then
  echo "Installing Python packages (first time: about 3 minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip wheel
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  echo "$packages" > .venv/.packages
fi

mkdir -p var build models
# The clinic's tables (DATABASE_URL, default var/clinic.db): migrations, then the
# demo therapist directory when the directory is empty.
.venv/bin/python -m bot.staff.cli db upgrade
.venv/bin/python -m bot.staff.cli therapists load-demo
pipeline=$(fingerprint bot/vocabulary/words.py bot/understanding/pipeline.py requirements.txt)
if ! step_is_current build/.spacy_pipeline "$pipeline" || [ ! -f build/spacy_pipeline/meta.json ]; then
  echo "Building the spaCy pipeline"
  .venv/bin/python -m bot.understanding.pipeline build build/spacy_pipeline
  echo "$pipeline" > build/.spacy_pipeline
fi

# The flag model (bot/understanding/flag_model.py), learnt from its examples.
flags=$(fingerprint bot/understanding/flag_model.py bot/understanding/data/flag_examples.jsonl requirements.txt)
if ! step_is_current build/.flag_model "$flags" || [ ! -f build/flag_model.joblib ]; then
  echo "Building the flag model"
  .venv/bin/python -m bot.understanding.flag_model build build/flag_model.joblib
  echo "$flags" > build/.flag_model
fi

model=$(fingerprint config.yml domain.yml $(find data -name '*.yml' | sort) build/.spacy_pipeline)
if ! step_is_current models/.trained "$model" || [ ! -f "$MODEL" ]; then
  echo "Training the model (first time: a few minutes)"
  start=$(date +%s)
  .venv/bin/rasa train --quiet --fixed-model-name intake --out models
  echo "Trained in $(( $(date +%s) - start )) s"
  echo "$model" > models/.trained
fi

# The website widget: npm packages from package-lock.json (socket.io-client; axe-core
# for the accessibility test), then the bundle in build/web/ (bot/web/serve.py).
if command -v npm >/dev/null; then
  web=$(fingerprint package.json package-lock.json)
  if ! step_is_current node_modules/.web_packages "$web" \
      || [ ! -f node_modules/socket.io-client/dist/socket.io.min.js ]; then
    echo "Installing the widget's npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$web" > node_modules/.web_packages
  fi
  .venv/bin/python -m bot.web.serve --build >/dev/null
else
  echo "npm not found: the website widget (bot/web) is not built; install Node.js 20 and npm"
fi
