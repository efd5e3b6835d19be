# The image of the Roadmap as Code container action (action.yml: runs.image: Dockerfile) and of the
# released ghcr.io image. internal/imagecontract tests the rules this file must keep.

# Build stage. The tag pins the exact Go release (go.mod: go 1.26); no digest is written here because it
# could not be verified when this file was written: let Dependabot/Renovate add and maintain the
# @sha256 digest (docker ecosystem).
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
# Fail rather than download another toolchain if go.mod ever asks for a newer Go than the image has.
ENV GOTOOLCHAIN=local GOFLAGS=-mod=readonly
# Modules first: this layer is reused as long as go.mod and go.sum do not change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary: no libc, no dynamic loader, so it runs on an empty image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /roadmap . \
 && mkdir -p /out/tmp

# Final stage: nothing but the binary, the CA certificates (for api.github.com) and an empty /tmp.
# No USER: GitHub runs container actions as root, with the workspace mounted at /github/workspace.
# No WORKDIR: GitHub sets the working directory (/github/workspace) itself.
FROM scratch
LABEL org.opencontainers.image.title="roadmap" \
      org.opencontainers.image.description="Roadmap as Code: turns roadmap.json into GitHub labels, milestones and issues" \
      org.opencontainers.image.source="https://github.com/roadmap-as-code/roadmap" \
      org.opencontainers.image.url="https://github.com/roadmap-as-code/roadmap" \
      org.opencontainers.image.documentation="https://github.com/roadmap-as-code/roadmap#readme" \
      org.opencontainers.image.vendor="roadmap-as-code"
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/tmp /tmp
COPY --from=build /roadmap /roadmap
# Exec form with an absolute path: no shell in the image, and GitHub passes no arguments
# (action mode reads the INPUT_* environment variables).
ENTRYPOINT ["/roadmap"]
