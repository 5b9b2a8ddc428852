from newsprism.cli import app

app()
