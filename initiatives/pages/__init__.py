"""The site's HTML pages, by family; ``programmes`` holds the pages of funds and programmes followed across reports."""
