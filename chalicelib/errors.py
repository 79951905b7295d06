"""The one error type the API turns into a 4xx/5xx JSON body, with messages in the request's language."""
from .i18n import message


class ApiError(Exception):
    def __init__(self, status: int, code: str, lang: str, fields=(), **params):
        super().__init__(code)
        self.status, self.code, self.lang, self.params = status, code, lang, params
        self.fields = list(fields)  # [(path, code, params)]
        self.headers: dict = {}     # e.g. Retry-After on a 429

    def body(self) -> dict:
        return {"error": {
            "code": self.code,
            "message": message(self.code, self.lang, count=len(self.fields), **self.params),
            "fields": [{"path": path, "message": message(code, self.lang, **params)}
                       for path, code, params in self.fields],
        }}


def invalid(lang: str, fields) -> ApiError:
    return ApiError(422, "validation_error", lang, fields)
