// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// The WeChat build compiles down to the oldest engines of our lowest base library
// (config/weapp-target.json; scripts/check-syntax.mjs checks the output after each build).
// The H5 portal keeps package.json's browserslist (modern browsers, ES modules).
const weapp = require('./config/weapp-target.json')

module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
      ...(process.env.TARO_ENV === 'weapp' ? { targets: weapp.babelTargets } : {}),
    }],
  ],
}
