import BarrageCLI
import BarrageCore
import BarrageHTTP
import BarragePostgres
import BarrageSocket
import BarrageWebSocket

// The built-in protocols. A custom build adds its own factories to this list (docs/adding-a-protocol.md).
await BarrageCLI.main(
    registry: ClientRegistry([
        SocketClientFactory(), HTTPClientFactory(), PostgresClientFactory(), WebSocketClientFactory(),
    ])
)
