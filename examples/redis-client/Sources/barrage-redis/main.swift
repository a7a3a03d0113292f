import BarrageCLI
import BarrageCore
import BarrageSocket
import RedisClient

// Barrage's command line with the built-in TCP/UDP protocols and Redis: `barrage-redis run cache.yaml`.
await BarrageCLI.main(registry: ClientRegistry([SocketClientFactory(), RedisClientFactory()]))
