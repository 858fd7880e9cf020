#!/usr/bin/env bash
# pushback as a Slurm array: task i of 1-8 runs shard i/8 into its own
# database; merge them once the array has finished:
#   sbatch --dependency=afterany:<array job id> --wrap \
#     'pushback merge results/shard-*.db --db results/run.db --out results/reports'
#SBATCH --job-name=pushback
#SBATCH --array=1-8
#SBATCH --time=06:00:00
#SBATCH --output=logs/pushback-%a.log
pushback run --config models.yaml --shard "${SLURM_ARRAY_TASK_ID}/8" \
  --db "results/shard-${SLURM_ARRAY_TASK_ID}.db" --out "" --no-progress
