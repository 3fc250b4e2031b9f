"""Django's Redis cache, with one Redis client per connection pool instead of one per access.

Django's ``RedisCacheClient.get_client`` builds a ``redis.Redis`` on every cache access, and
redis-py's constructor fills a table of about 170 response callbacks each time: a signed-in page
reads the cache four times (session, person, scope, unread notices), and those four constructions
weighed more than the four network round trips. A ``redis.Redis`` holds no connection of its own (it
borrows one from the pool for each command) and is safe to share between threads, so one per pool
is kept. The pools stay Django's: created on first use, one per server.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
