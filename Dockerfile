FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=true STATIC_MANIFEST=true python manage.py collectstatic --noinput
RUN useradd --create-home atlas && mkdir -p var && chown -R atlas var
USER atlas
EXPOSE 8000
CMD ["gunicorn", "sscatlas.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
