# Stand-in for the official `node:20-slim` image: the host's own `node` binary (a Debian 12 build,
# which runs on this Debian 12 base) at the official image's path. setup.sh copies it into the
# build context as ./node.
ARG BASE=asym-standin/base:bookworm
FROM ${BASE}
COPY node /usr/local/bin/node
RUN node --version
WORKDIR /app
CMD ["node"]
