#!/bin/bash
# One device call of the GPU check (bench/gpu_bundle.sh says what to carry); run as: bash bench/gpu_call1.sh
set -eo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
L=$OUT/log.txt
{ nvidia-smi -L
nproc
python3 -c 'import torch,cupy;print("torch",torch.__version__,"cupy",cupy.__version__)' || true
python3 bench/gpu_pack.py untar .gpu/site.tar.xz /tmp/site
python3 bench/gpu_pack.py unpack .gpu/minilm /tmp/minilm
} 2>&1 | tee $L
export PYTHONPATH=src:/tmp/site
B="python3 bench/gpu.py --data .gpu/articles.jsonl.gz"
$B --stages annotate --device cpu --workers 14 --articles 3000 --sentences-out $OUT/sentences.jsonl.gz --json $OUT/annotate.json 2>&1 | tee -a $L
$B --stages features --device cuda --features-model /tmp/minilm --articles 3000 --json $OUT/features.json 2>&1 | tee -a $L || $B --stages features --device cuda --spacy-device cpu --features-model /tmp/minilm --articles 3000 --json $OUT/features.json 2>&1 | tee -a $L
if grep -q '"spacy": "GPU' $OUT/features.json
then $B --stages annotate --device cuda --articles 200 --json $OUT/annotate_gpu.json 2>&1 | tee -a $L
fi
