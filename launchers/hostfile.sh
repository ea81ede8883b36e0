#!/usr/bin/env bash
# Multi-node training from one machine over passwordless ssh: DeepSpeed's launcher starts every node listed in the
# hostfile ("<host> slots=<gpus>" per line, the same megacxr install and data paths on every node).
#
#   launchers/hostfile.sh HOSTFILE --config configs/supcon.yaml [key=value ...]
#
# Environment: MASTER_ADDR (default: the first host of the hostfile), MASTER_PORT (29500), DEEPSPEED (the
# deepspeed executable). DeepSpeed forwards NCCL_*, PYTHON* and UCX_* variables to every node; put others as
# KEY=VALUE lines in ./.deepspeed_env (see README, "Launching on several GPUs and nodes").
set -euo pipefail
HOSTFILE=${1:?usage: launchers/hostfile.sh HOSTFILE --config CONFIG [key=value ...]}
shift
FIRST_HOST=$(grep -vE '^[[:space:]]*(#|$)' "$HOSTFILE" | head -n1 | awk '{print $1}')
MASTER_ADDR=${MASTER_ADDR:-$FIRST_HOST}
MASTER_PORT=${MASTER_PORT:-29500}
exec "${DEEPSPEED:-deepspeed}" --hostfile "$HOSTFILE" --master_addr "$MASTER_ADDR" --master_port "$MASTER_PORT" \
    --module megacxr.train "$@"
