# syntax=docker/dockerfile:1
# leakhound in a container: a static (musl) binary on an empty base image, run as a non-root user.
#
#   docker build -t leakhound .
#   docker run --rm -v "$PWD:/repo" leakhound scan /repo     # files (the default command)
#   docker run --rm -v "$PWD:/repo" leakhound git /repo      # git history
#
# Repositories are read through gix, so the image needs no git. It builds for the machine's own
# architecture (linux/amd64 or linux/arm64; `docker buildx build --platform ...` for others).

FROM rust:1.95-slim AS build
WORKDIR /src
# The musl target links everything, the C library included, into the binary. (tests/docker.rs runs
# this stage's commands natively; keep them plain shell.)
RUN rustup target add "$(uname -m)-unknown-linux-musl"
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --target "$(uname -m)-unknown-linux-musl" \
    && cp "target/$(uname -m)-unknown-linux-musl/release/leakhound" leakhound

FROM scratch
COPY --from=build /src/leakhound /usr/local/bin/leakhound
ENV PATH=/usr/local/bin
# Any unprivileged id: the scanned files only need to be readable by it (or run with
# `--user "$(id -u):$(id -g)"`).
USER 65532:65532
WORKDIR /repo
ENTRYPOINT ["leakhound"]
CMD ["scan", "/repo"]
