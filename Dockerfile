# syntax=docker/dockerfile:1
# Build: docker build -t capacitybot .            (lean: --build-arg BUILD_TAGS=noembedded)
# Run:   docker run --rm -p 8080:8080 --env-file .env -v capacitybot-data:/data capacitybot

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# BUILD_TAGS=noembedded leaves the embedded Temporal server out (about 29 MiB
# instead of 146 MiB, and far less resident memory) for deployments that
# always set TEMPORAL_ADDRESS, as several replicas must.
ARG BUILD_TAGS=""
# Static binary: the embedded Temporal server's SQLite driver is pure Go.
RUN CGO_ENABLED=0 go build -tags "${BUILD_TAGS}" -trimpath -ldflags="-s -w" -o /out/capacitybot ./cmd/capacitybot
# The final image has no shell: make the data folder here, owned by nonroot
# (uid 65532), so a fresh named volume mounted on it is writable.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/capacitybot /capacitybot
COPY --from=build --chown=65532:65532 /out/data /data
# The embedded Temporal server's database lives here; mount a volume to keep
# boosts across container restarts (not needed with TEMPORAL_ADDRESS set).
ENV DATA_DIR=/data \
    HTTP_ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json
VOLUME ["/data"]
# /healthz, /readyz, /metrics
EXPOSE 8080
USER nonroot:nonroot
WORKDIR /home/nonroot
ENTRYPOINT ["/capacitybot"]
