#!/bin/bash
# One device call of the GPU check (bench/gpu_bundle.sh says what to carry); run as: bash bench/gpu_call2.sh
set -eo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
L=$OUT/log.txt
{ nvidia-smi -L
nproc
python3 bench/gpu_pack.py unpack .gpu/claim-encoder /tmp/claim-encoder
python3 bench/gpu_pack.py unpack .gpu/nli-minilm /tmp/nli-minilm
} 2>&1 | tee $L
export PYTHONPATH=src
python3 bench/gpu.py --stages embeddings,nli --device cuda --sentences-in .gpu/sentences.jsonl.gz --claim-model /tmp/claim-encoder --nli-model /tmp/nli-minilm --nli-pairs 50000 --json $OUT/torch.json 2>&1 | tee -a $L
