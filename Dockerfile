# Qawl in a container: CPU-only torch (to build the model), OpenVINO (to run it), the model built into the image, data on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    QAWL_CACHE_DIR=/opt/qawl/cache \
    QAWL_DATA_DIR=/data \
    HF_HUB_OFFLINE=1

RUN useradd --create-home --uid 10001 qawl \
    && mkdir -p /app /data /opt/qawl/cache \
    && chown qawl:qawl /data /opt/qawl/cache
WORKDIR /app

# The CPU build of torch first, from PyTorch's CPU wheel index, so nothing pulls a CUDA build.
COPY requirements.txt .
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir -r requirements.txt

COPY pyproject.toml README.md config.yaml ./
COPY bot ./bot
COPY index ./index
COPY retrieval ./retrieval
COPY samples ./samples
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && chown -R qawl:qawl /app

USER qawl
# Build the default embedding model and its OpenVINO export at image build time, not on first use.
RUN qawl models build

VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=120s --retries=3 \
    CMD qawl stats --json > /dev/null || exit 1
CMD ["qawl", "serve"]
