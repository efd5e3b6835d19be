# The image of the Roadmap as Code container action (action.yml on main: runs.image: Dockerfile) and of
# the released ghcr.io image, for linux/amd64 and linux/arm64. internal/imagecontract tests the rules this
# file must keep.

# Build stage. It runs on the machine that builds ($BUILDPLATFORM) whatever the target is: Go
# cross-compiles, so an arm64 image is built on an amd64 runner without emulation. The tag pins the exact
# Go release (go.mod: go 1.26); Dependabot (.github/dependabot.yml, docker) proposes new tags, and keeps a
# @sha256 digest current once one is written after the tag.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
# Set by BuildKit for each platform of the build (linux and amd64 or arm64); they must be declared in the
# stage to be seen. With the classic builder they are empty, and go builds for the builder's own platform.
ARG TARGETOS
ARG TARGETARCH
# The release workflow passes the tag (v1.2.3); empty here means `roadmap version` says "devel".
ARG VERSION
WORKDIR /src
# Fail rather than download another toolchain if go.mod ever asks for a newer Go than the image has.
ENV GOTOOLCHAIN=local GOFLAGS=-mod=readonly
# Modules first: this layer is reused as long as go.mod and go.sum do not change, on every platform.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary: no libc, no dynamic loader, so it runs on an empty image.
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath \
      -ldflags="-s -w -X github.com/roadmap-as-code/roadmap/internal/cli.Version=$VERSION" -o /roadmap . \
 && mkdir -p /out/tmp

# Final stage, on the target platform: nothing but the binary, the CA certificates (for api.github.com)
# and an empty /tmp. It has no RUN, so building it for another platform needs no emulation.
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
