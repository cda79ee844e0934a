# Stand-in for the official `redis:7` image, built on the local debootstrap base: `redis-server` on
# PATH, data in /data, port 6379, protected mode off (as the official image runs it).
ARG BASE=asym-standin/base:bookworm
FROM ${BASE}
RUN mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
EXPOSE 6379
HEALTHCHECK --interval=1s --timeout=3s --retries=30 CMD redis-cli ping
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]
