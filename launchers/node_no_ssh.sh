#!/usr/bin/env bash
# One node of a multi-node run WITHOUT ssh between nodes (Kubernetes, clusters that forbid ssh): run this on
# every node with the same hostfile and arguments and that node's NODE_RANK; each starts only its own ranks.
#
#   NODE_RANK=0 MASTER_ADDR=10.0.0.1 launchers/node_no_ssh.sh HOSTFILE --config configs/supcon.yaml [key=value ...]
#   NODE_RANK=1 MASTER_ADDR=10.0.0.1 launchers/node_no_ssh.sh HOSTFILE --config configs/supcon.yaml [key=value ...]
#
# HOSTFILE lists the nodes in rank order ("<name> slots=<processes>"); with --no_ssh the names are labels only.
# Environment: NODE_RANK (required), MASTER_ADDR (required: node 0's address, reachable from every node),
# MASTER_PORT (29500), NUM_NODES (default: the hostfile's line count), GPUS_PER_NODE (default: the slots),
# DEEPSPEED (the deepspeed executable).
set -euo pipefail
HOSTFILE=${1:?usage: NODE_RANK=R MASTER_ADDR=A launchers/node_no_ssh.sh HOSTFILE --config CONFIG [key=value ...]}
shift
: "${NODE_RANK:?set NODE_RANK (0 .. number of nodes - 1)}"
: "${MASTER_ADDR:?set MASTER_ADDR to the address of node 0}"
if [ -z "${NUM_NODES:-}" ]; then
    NUM_NODES=$(grep -cvE '^[[:space:]]*(#|$)' "$HOSTFILE")
fi
exec "${DEEPSPEED:-deepspeed}" --hostfile "$HOSTFILE" --no_ssh --node_rank "$NODE_RANK" --num_nodes "$NUM_NODES" \
    ${GPUS_PER_NODE:+--num_gpus "$GPUS_PER_NODE"} --master_addr "$MASTER_ADDR" --master_port "${MASTER_PORT:-29500}" \
    --module megacxr.train "$@"
