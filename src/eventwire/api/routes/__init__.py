"""The API's endpoints, one module per resource; each ``register(app, api)`` adds its routes to the app
``api.app.create_app`` builds (``api.common.Api`` carries the snapshot reader, cursor key and cache).

Registration order is the order of the OpenAPI document: pages, health, events, stories, actors, timeline,
then the dashboard's own endpoints (``api.dashboard``)."""
