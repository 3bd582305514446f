#!/usr/bin/env bash
# Times one FID at d=2048, N=10,000 (structured random embeddings, bench/fid_timing.py) with
# gan4j's FrechetDistance (org.gan4j.examples.FidTiming) and with scipy.linalg.sqrtm as
# pytorch-fid does, both on one thread, on the same embeddings. Prints one JSON line each
# (wall-clock and process CPU seconds; compare CPU seconds on a busy machine).
# Usage: bench/fid_timing.sh [n=10000] [d=2048]
# Needs Debian's python3-numpy and python3-scipy; run after `mvn -B -q install -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; D=${2:-2048}
PY=${PY:-/usr/bin/python3}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PY" bench/fid_timing.py "$DIR" "$N" "$D"
CP=$(mktemp)
mvn -B -q -pl gan-examples dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
OMP_NUM_THREADS=1 OPENBLAS_CORETYPE=Haswell java -Xmx4g -cp "gan-examples/target/classes:$(cat "$CP")" \
  org.gan4j.examples.FidTiming --real "$DIR/real.npy" --fake "$DIR/fake.npy" | tail -1
rm -f "$CP"
