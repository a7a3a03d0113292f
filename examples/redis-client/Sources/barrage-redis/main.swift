import BarrageCLI
import BarrageCore
import BarrageHTTP
import BarrageSocket
import RedisClient

// Barrage's command line with the built-in TCP/UDP and HTTP protocols and Redis: `barrage-redis run cache.yaml`.
await BarrageCLI.main(
    registry: ClientRegistry([SocketClientFactory(), HTTPClientFactory(), RedisClientFactory()])
)
