"""A Google API discovery document for the Perspective-compatible endpoint.

Perspective's official Python sample builds its client from a discovery document
(``discovery.build("commentanalyzer", "v1alpha1", discoveryServiceUrl=...)``). Serving one at
``/$discovery/rest?version=v1alpha1`` lets that code run unchanged against hatescope: only the
``discoveryServiceUrl`` changes. The document describes just ``comments.analyze``.
"""

from __future__ import annotations

from typing import Any

_TEXT_ENTRY = {
    "id": "TextEntry",
    "type": "object",
    "properties": {"text": {"type": "string"}, "type": {"type": "string", "enum": ["PLAIN_TEXT", "HTML"]}},
}
_SCORE = {"id": "Score", "type": "object", "properties": {"value": {"type": "number", "format": "float"}, "type": {"type": "string"}}}


def discovery_document(root_url: str) -> dict[str, Any]:
    root_url = root_url if root_url.endswith("/") else root_url + "/"
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": "commentanalyzer:v1alpha1",
        "name": "commentanalyzer",
        "version": "v1alpha1",
        "title": "Perspective Comment Analyzer API, served by hatescope",
        "description": "Perspective-compatible AnalyzeComment answered by hatescope (docs/API.md).",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": "",
        "baseUrl": root_url,
        "batchPath": "batch",
        "parameters": {
            "key": {"type": "string", "location": "query", "description": "API key (`hatescope keys create`)."},
            "alt": {"type": "string", "default": "json", "enum": ["json"], "location": "query"},
            "prettyPrint": {"type": "boolean", "default": "true", "location": "query"},
        },
        "resources": {
            "comments": {
                "methods": {
                    "analyze": {
                        "id": "commentanalyzer.comments.analyze",
                        "path": "v1alpha1/comments:analyze",
                        "flatPath": "v1alpha1/comments:analyze",
                        "httpMethod": "POST",
                        "parameters": {},
                        "parameterOrder": [],
                        "request": {"$ref": "AnalyzeCommentRequest"},
                        "response": {"$ref": "AnalyzeCommentResponse"},
                        "description": "Analyzes the provided text and returns scores for requested attributes.",
                    }
                }
            }
        },
        "schemas": {
            "TextEntry": _TEXT_ENTRY,
            "Score": _SCORE,
            "AnalyzeCommentRequest": {
                "id": "AnalyzeCommentRequest",
                "type": "object",
                "properties": {
                    "comment": {"$ref": "TextEntry"},
                    "requestedAttributes": {"type": "object", "additionalProperties": {"type": "object"}},
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "doNotStore": {"type": "boolean"},
                    "spanAnnotations": {"type": "boolean"},
                    "clientToken": {"type": "string"},
                    "sessionId": {"type": "string"},
                    "communityId": {"type": "string"},
                },
            },
            "AnalyzeCommentResponse": {
                "id": "AnalyzeCommentResponse",
                "type": "object",
                "properties": {
                    "attributeScores": {"type": "object", "additionalProperties": {"type": "object"}},
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "detectedLanguages": {"type": "array", "items": {"type": "string"}},
                    "clientToken": {"type": "string"},
                },
            },
        },
    }
