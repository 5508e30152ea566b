# Set-up and everyday commands. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
REPORTS := data/reports

.PHONY: run test lint format migrate data serve worker beat bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

# Reference data, then the bundled reports; both steps change nothing when already done.
data: migrate
	$(MANAGE) load_reference
	$(MANAGE) setup_editors
	$(MANAGE) ingest --symbol A/76/403 $(REPORTS)/A-76-403_state-of-south-south-cooperation_2021_zh.txt
	$(MANAGE) ingest $(REPORTS)/A-RES-76-221_south-south-cooperation-for-development_2021_zh.txt

run: data
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The commands docker-compose.yml runs, for a deployment without containers. Threaded workers:
# a download streams for minutes in one thread (DOWNLOADS_PER_PROCESS of them at most) while
# the others serve pages, and the worker timeout no longer cuts a long response short.
# The commands docker-compose.yml runs, for a deployment without containers. Without Redis, the
# processes share a cache table in the database, where login limits and throttles count.
serve: export CACHE_URL ?= dbcache://sscatlas_cache
serve: migrate
	$(BIN)/gunicorn sscatlas.wsgi --bind 127.0.0.1:8000 --workers 3 --worker-class gthread --threads 4

worker: $(VENV)/.installed
	$(BIN)/celery -A sscatlas worker --loglevel=info --concurrency=2

beat: $(VENV)/.installed
	$(BIN)/celery -A sscatlas beat --loglevel=info --schedule=var/celerybeat-schedule

clean:
	rm -rf var/sscatlas.sqlite3 var/static

# Benchmarks (bench/README.md): PostgreSQL on 127.0.0.1 and Redis for the ingestion part; they
# create the databases sscatlas_bench, sscatlas_pages, sscatlas_bench_growth and sscatlas_bench_reextraction and var/bench*.sqlite3, which `make bench-clean` removes.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.search --backend sqlite --paragraphs 100000
	$(BIN)/python -m bench.search --backend postgres --paragraphs 1000000
	BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_pages \
		$(BIN)/python -m bench.pages --initiatives 100000 --paragraphs 100000
	$(BIN)/python -m bench.api --initiatives 1000000
	$(BIN)/python -m bench.ingestion --reports 30 --batch 200
	BENCH_SQLITE_PATH=var/bench-ingestion.sqlite3 \
		$(BIN)/python -m bench.ingestion --reports 30 --batch 0 --backend sqlite
	BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_bench_growth \
		$(BIN)/python -m bench.ingestion_growth --sizes 10000 1000000 --reports 30
	BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_bench_reextraction \
		$(BIN)/python -m bench.reextraction --base 5000 --paragraphs 10000 --pairs 2 --inline

.PHONY: bench-clean
bench-clean:
	dropdb -h 127.0.0.1 -U postgres --if-exists sscatlas_bench
	dropdb -h 127.0.0.1 -U postgres --if-exists sscatlas_pages
	dropdb -h 127.0.0.1 -U postgres --if-exists sscatlas_bench_growth
	dropdb -h 127.0.0.1 -U postgres --if-exists sscatlas_bench_reextraction
	rm -f var/bench.sqlite3 var/bench-ingestion.sqlite3
