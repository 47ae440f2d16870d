# The sleet image: the release binary (scripts/release: dist/sleet-linux-x64, glibc 2.31+) at
# /usr/local/bin/sleet, for a project's images to copy from (docs/install.md#container-images).
# Build it from the repository root after scripts/release:
#   docker build -f deploy/sleet.Dockerfile -t sleet:0.1.0 .
# and copy the binary into any glibc-based image (Debian 11+, Ubuntu 20.04+, RHEL 9+; not
# Alpine, whose libc is musl):
#   FROM sleet:0.1.0 AS sleet
#   FROM debian:bookworm-slim
#   COPY --from=sleet /usr/local/bin/sleet /usr/local/bin/sleet
FROM debian:bookworm-slim
RUN useradd --system --no-create-home --shell /usr/sbin/nologin sleet
COPY dist/sleet-linux-x64 /usr/local/bin/sleet
USER sleet
ENTRYPOINT ["sleet"]
CMD ["--help"]
