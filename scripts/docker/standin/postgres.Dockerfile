# Stand-in for the official `postgres:15` image, built on the local debootstrap base (no image can be
# pulled on these machines). Same user, data directory, port and `pg_isready` as the official image;
# the cluster is initialised at build time and trusts every client (a test-only engine on a private
# bridge network, published on 127.0.0.1 only). POSTGRES_PASSWORD is accepted and ignored.
ARG BASE=asym-standin/base:bookworm
FROM ${BASE}
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
RUN rm -rf /var/lib/postgresql/15 /etc/postgresql/15 \
 && mkdir -p /var/run/postgresql "$PGDATA" \
 && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql \
 && chmod 2777 /var/run/postgresql
USER postgres
RUN initdb -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null \
 && echo "host all all all trust" >> "$PGDATA/pg_hba.conf" \
 && printf "listen_addresses = '*'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n" >> "$PGDATA/postgresql.conf"
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=1s --timeout=3s --retries=30 CMD pg_isready -h 127.0.0.1 -U postgres
CMD ["postgres"]
